package org.facteur.distribution.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.mailbox.maildir.Recovery;
import org.facteur.mailbox.maildir.crash.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server killed with SIGKILL at random instants while five SMTP sessions deliver to it
 * (issue 8, item 3): {@code facteur serve}'s real entry point in a child JVM, restarted after
 * every kill on the same data directory. After a last start and a clean stop: every message that
 * got {@code 250} is in the INBOX exactly once, no message is there twice, the queue has drained,
 * the index lists exactly the files (the last start's recovery found nothing to repair), and
 * UIDVALIDITY never changed. The store's own crash test (mailbox, {@code MaildirCrashTest}) kills
 * hundreds of times inside the store; this one covers the path from the SMTP reply through the
 * queue to the mailbox.
 */
class ServeCrashTest {

    private static final int KILLS = 20;
    private static final int SENDERS = 5;
    /** No child is started after this. */
    private static final long TIME_BOUND_SECONDS = 360;
    private static final Pattern CRASH_ID = Pattern.compile("\r\nX-Crash-Id: (\\d+)\r\n");

    @TempDir
    Path work;

    @Test
    @Timeout(value = TIME_BOUND_SECONDS + 180, unit = TimeUnit.SECONDS)
    void acknowledgedMessagesSurviveKillsOfTheServerExactlyOnce() throws Exception {
        long started = System.nanoTime();
        Path data = work.resolve("data");
        Path config = Files.writeString(work.resolve("facteur.conf"), "hostname = mail.example.test\n"
                + "listen.smtp = 127.0.0.1:" + freePort() + "\nlisten.submission = off\nlisten.submissions = off\n"
                + "listen.imap = off\nlisten.imaps = off\nlisten.pop3 = off\nlisten.pop3s = off\n");
        int port = Integer.parseInt(Files.readString(config).replaceAll("(?s).*listen\\.smtp = 127\\.0\\.0\\.1:(\\d+).*", "$1"));
        createUser(data);
        String[] serve = {"serve", "--config", config.toString(), "--data", data.toString()};
        ChildJvm jvm = ChildJvm.prepare(work.resolve("jvm"));

        AtomicLong ids = new AtomicLong();
        List<SmtpSender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            SmtpSender sender = new SmtpSender(() -> port, ids);
            senders.add(sender);
            threads.add(daemon("crash-sender-" + i, sender));
        }

        // A clean first run records the class-data archive that makes the next starts faster.
        Child first = Child.start(jvm.record(ServeChild.class, serve), work.resolve("first.log"));
        first.awaitReady();
        Thread.sleep(500);
        first.stopGracefully();
        long uidValidity = uidValidityOf(data);

        Random random = new Random();
        long deadline = started + TimeUnit.SECONDS.toNanos(TIME_BOUND_SECONDS);
        int kills = 0;
        long readyMillis = 0;
        while (kills < KILLS && System.nanoTime() < deadline) {
            long start = System.nanoTime();
            Child child = Child.start(jvm.command(ServeChild.class, serve), work.resolve("child.log"));
            child.awaitReady();
            readyMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.sleep(100 + random.nextInt(1400));
            child.kill();
            kills++;
        }

        Child last = Child.start(jvm.command(ServeChild.class, serve), work.resolve("last.log"));
        last.awaitReady();
        Thread.sleep(300);
        senders.forEach(SmtpSender::stop);
        for (Thread t : threads) {
            t.join(30_000);
        }
        awaitEmptyQueue(data.resolve("queue"));
        last.stopGracefully();

        Set<Long> acknowledged = new HashSet<>();
        senders.forEach(s -> acknowledged.addAll(s.acknowledged()));
        Map<Long, Integer> copies = new HashMap<>();
        Recovery.Report recovery;
        try (MaildirStore store = MaildirStore.openExclusive(data)) {
            recovery = store.lastRecovery();
            MailboxId inbox = store.mailbox(SmtpSender.RECIPIENT, "INBOX").orElseThrow().id();
            assertThat(store.status(inbox).uidValidity()).as("UIDVALIDITY").isEqualTo(uidValidity);
            for (MessageRecord m : store.messages(inbox)) {
                try (InputStream in = store.content(inbox, m.uid(), 0, m.size())) {
                    Matcher id = CRASH_ID.matcher(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                    assertThat(id.find()).as("message %d has its crash id", m.uid()).isTrue();
                    copies.merge(Long.parseLong(id.group(1)), 1, Integer::sum);
                }
            }
        }
        System.out.printf("serve crash test: %d kills in %d s, %d ms from start to ready on average, "
                        + "%d messages acknowledged, %d delivered; last recovery: %s%n", kills,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), readyMillis / Math.max(1, kills),
                acknowledged.size(), copies.size(), recovery);

        assertThat(kills).as("kills within %d s", TIME_BOUND_SECONDS).isGreaterThanOrEqualTo(KILLS);
        assertThat(acknowledged).as("acknowledged messages").isNotEmpty();
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .as("messages delivered more than once").isEmpty();
        assertThat(copies.keySet()).as("every acknowledged message is in the INBOX").containsAll(acknowledged);
        assertThat(List.of(recovery.indexed(), recovery.dropped(), recovery.renamed(), recovery.rowsRebuilt()))
                .as("after a clean stop the index lists exactly the files: %s", recovery).containsOnly(0);
    }

    private static void createUser(Path data) {
        try (Database db = Database.open(data); MaildirStore store = MaildirStore.openExclusive(data)) {
            Directory directory = new Directory(db);
            directory.addDomain("example.test");
            directory.addUser(SmtpSender.RECIPIENT, "secret".toCharArray());
            store.createAccount(SmtpSender.RECIPIENT);
        }
    }

    private static long uidValidityOf(Path data) {
        try (MaildirStore store = MaildirStore.openExclusive(data)) {
            return store.status(store.mailbox(SmtpSender.RECIPIENT, "INBOX").orElseThrow().id()).uidValidity();
        }
    }

    private static void awaitEmptyQueue(Path queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Stream<Path> files = Files.list(queue)) {
                List<Path> envelopes = files.filter(f -> f.toString().endsWith(".env")).toList();
                if (envelopes.isEmpty()) {
                    return;
                }
                assertThat(System.nanoTime()).as("the queue drained within 60 s: %s", envelopes).isLessThan(deadline);
            }
            Thread.sleep(100);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** A serve child: its stdout read for the ready line, its stderr kept in a file for failures. */
    private record Child(Process process, BufferedReader out, Path log) {

        static Child start(List<String> command, Path log) throws IOException {
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)), log);
        }

        void awaitReady() throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("running; stop with")) {
                    daemon("crash-child-stdout", this::drain);
                    return;
                }
            }
            throw new AssertionError("serve exited before it was ready: " + Files.readString(log));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        void stopGracefully() throws InterruptedException {
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("serve stopped on SIGTERM").isTrue();
        }

        private void drain() {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty so that the child never blocks on its stdout
                }
            } catch (IOException closed) {
                // the child died
            }
        }
    }
}
