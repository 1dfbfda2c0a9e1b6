package org.facteur.mailbox.maildir.crash;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidMapping;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * The process {@link MaildirCrashTest} kills: opens the store (running crash recovery), then
 * appends from several threads until it is killed, now and then flagging, expunging or moving one
 * of its own messages. It reports on stdout, one flushed line per event, only after the store
 * call returned: that line is the acknowledgement a client would have received.
 *
 * <p>Arguments: data directory, first message id, number of writer threads; optionally the
 * number of messages after which to close the store and exit ("-": never; a clean run is used
 * once to record the class-data archive that makes the killed children start fast); optionally
 * the percentage of moves, expunges and flag changes (default: {@link #DEFAULT_OPERATIONS_PERCENT}).
 */
public final class CrashChild {

    static final String USER = "crash@example.org";
    static final String OTHER = "Archive";
    static final Instant DATE = Instant.parse("2026-11-25T12:00:00Z");

    /**
     * The share of operations that are moves, flag changes or expunges: 12% (a third each), or 0
     * with {@code FACTEUR_CRASH_OPS=appends}. The mix once showed messages in places or with flags
     * nobody asked for: the report pipe lost the tail of a killed child's lines (now a file, see
     * {@link ChildRun}), and H2 could not read its own index after a kill (now rebuilt from the
     * files at open; see the module README for what the store believes of H2).
     */
    static final int DEFAULT_OPERATIONS_PERCENT = "appends".equals(System.getenv("FACTEUR_CRASH_OPS")) ? 0 : 12;

    private int operationsPercent = DEFAULT_OPERATIONS_PERCENT;

    private final PrintStream report;
    private final MailStore store;
    private final MailboxId inbox;
    private final MailboxId archive;
    private final AtomicLong ids;
    private final long endId;

    private CrashChild(PrintStream report, MailStore store, long firstId, long endId) {
        this.report = report;
        this.store = store;
        this.inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
        this.archive = store.mailbox(USER, OTHER).orElseThrow().id();
        this.ids = new AtomicLong(firstId);
        this.endId = endId;
    }

    public static void main(String[] args) throws InterruptedException {
        // stdout carries the protocol only: anything else (logging) goes to stderr.
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        System.setOut(System.err);
        ChildExit.withParent();
        Path dataDir = Path.of(args[0]);
        long firstId = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        long endId = args.length > 3 && !args[3].equals("-") ? firstId + Long.parseLong(args[3]) : Long.MAX_VALUE;

        MailStore store = MaildirStore.openExclusive(dataDir);
        store.createAccount(USER);
        CrashChild child = new CrashChild(report, store, firstId, endId);
        if (args.length > 4) {
            child.operationsPercent = Integer.parseInt(args[4]);
        }
        for (MailboxInfo box : store.mailboxes(USER)) {
            child.say(CrashLine.OPEN + " " + box.name() + " " + box.uidValidity());
        }
        child.say(CrashLine.READY.name());
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(child::writeUntilKilled, "writer-" + i);
            t.start();
            writers.add(t);
        }
        for (Thread t : writers) {
            t.join();
        }
        store.close();
    }

    private synchronized void say(String line) {
        report.print(line + "\n");
        report.flush();
    }

    /** A message this thread stored and may still change. */
    private record Held(long id, MailboxId box, long uid) {
    }

    private void writeUntilKilled() {
        List<Held> mine = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long id = ids.getAndIncrement(); id < endId; id = ids.getAndIncrement()) {
            MailboxId box = random.nextInt(5) == 0 ? archive : inbox;
            Flags flags = random.nextBoolean() ? Flags.NONE : Flags.of(SystemFlag.SEEN);
            AppendResult r = store.append(box, TestMessages.stream(CrashMessages.of(id)), flags, DATE);
            say(CrashLine.ACK + " " + id + " " + name(box) + " " + r.uid());
            mine.add(new Held(id, box, r.uid()));

            int dice = random.nextInt(100);
            if (dice < operationsPercent / 3) {
                move(mine, random);
            } else if (dice < 2 * operationsPercent / 3) {
                expunge(mine, random);
            } else if (dice < operationsPercent) {
                flag(mine, random);
            }
        }
    }

    /** Moves up to ten of this thread's INBOX messages in one call, so a kill can fall inside a move. */
    private void move(List<Held> mine, ThreadLocalRandom random) {
        List<Held> chosen = mine.stream().filter(h -> h.box().equals(inbox)).limit(1 + random.nextInt(10)).toList();
        if (chosen.isEmpty()) {
            return;
        }
        for (Held h : chosen) {
            say(CrashLine.MOVING + " " + h.id());
        }
        UidMapping m = store.move(inbox, UidSet.of(chosen.stream().mapToLong(Held::uid).toArray()), archive);
        for (Held h : chosen) {
            long uid = m.destinationUids().get(m.sourceUids().indexOf(h.uid()));
            mine.set(mine.indexOf(h), new Held(h.id(), archive, uid));
            say(CrashLine.MOVED + " " + h.id() + " " + OTHER + " " + uid);
        }
    }

    private void expunge(List<Held> mine, ThreadLocalRandom random) {
        Held h = mine.remove(random.nextInt(mine.size()));
        say(CrashLine.EXPUNGING + " " + h.id());
        store.setFlags(h.box(), UidSet.of(h.uid()), FlagUpdate.ADD, Flags.of(SystemFlag.DELETED));
        store.expunge(h.box(), UidSet.of(h.uid()));
        say(CrashLine.EXPUNGED + " " + h.id());
    }

    private void flag(List<Held> mine, ThreadLocalRandom random) {
        Held h = mine.get(random.nextInt(mine.size()));
        say(CrashLine.FLAGGING + " " + h.id());
        store.setFlags(h.box(), UidSet.of(h.uid()), FlagUpdate.ADD, Flags.of(SystemFlag.FLAGGED));
        say(CrashLine.FLAGGED + " " + h.id());
    }

    private String name(MailboxId box) {
        return box.equals(inbox) ? MailStore.INBOX : OTHER;
    }
}
