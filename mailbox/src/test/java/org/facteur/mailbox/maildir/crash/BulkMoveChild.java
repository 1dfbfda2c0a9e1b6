package org.facteur.mailbox.maildir.crash;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidMapping;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * The process {@link InterruptedMoveTest} kills: appends many messages to INBOX, then moves them
 * all to Archive in one call, which takes long enough for a kill to land inside it. Same report
 * as {@link CrashChild}. Arguments: data directory, first message id, number of messages.
 */
public final class BulkMoveChild {

    private BulkMoveChild() {
    }

    public static void main(String[] args) {
        ChildExit.withParent();
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        System.setOut(System.err);
        long firstId = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        try (MailStore store = MaildirStore.openExclusive(Path.of(args[0]))) {
            store.createAccount(CrashChild.USER);
            MailboxId inbox = store.mailbox(CrashChild.USER, MailStore.INBOX).orElseThrow().id();
            MailboxId archive = store.mailbox(CrashChild.USER, CrashChild.OTHER).orElseThrow().id();
            report.println(CrashLine.READY);
            ConcurrentHashMap<Long, Long> uids = new ConcurrentHashMap<>();
            LongStream.range(firstId, firstId + count).parallel().forEach(id -> {
                AppendResult r = store.append(inbox, TestMessages.stream(CrashMessages.of(id)), Flags.NONE,
                        CrashChild.DATE);
                uids.put(r.uid(), id);
                report.println(CrashLine.ACK + " " + id + " " + MailStore.INBOX + " " + r.uid());
            });
            uids.values().forEach(id -> report.println(CrashLine.MOVING + " " + id));
            UidMapping m = store.move(inbox, UidSet.ALL, archive);
            for (int i = 0; i < m.sourceUids().size(); i++) {
                report.println(CrashLine.MOVED + " " + uids.get(m.sourceUids().get(i)) + " " + CrashChild.OTHER
                        + " " + m.destinationUids().get(i));
            }
        }
    }
}
