package org.facteur.imap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.maildir.MaildirFileName;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * Issue #5 item 7: on one mailbox of 100,000 messages, through a real IMAP socket, the latency of
 * {@code SORT (DATE)}, {@code THREAD REFERENCES} and a QRESYNC resync after 100 changes (50 flag
 * changes, 50 expunges), each beside a baseline measured in the same run on the same mailbox:
 * {@code UID SEARCH ALL} (list the mailbox and write every UID, no summary read) for SORT and
 * THREAD, a plain {@code SELECT} for the resync. Targets: 500 ms, 1 s, 50 ms. Run:
 * {@code java -cp <test classpath> org.facteur.imap.bench.SyncBenchmark [messages]}.
 */
public final class SyncBenchmark {

    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("facteur-sync-bench");
        try {
            long t0 = System.nanoTime();
            build(dir, messages);
            System.out.printf(Locale.ROOT, "built %,d messages in %.1f s%n", messages, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            try (TestServer server = new TestServer(dir).start()) {
                System.out.printf(Locale.ROOT, "indexed at open in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                run(server);
            }
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Writes the files into the INBOX's cur/ under names with their UIDs; the store indexes them at open. */
    private static void build(Path dir, int messages) {
        try (MaildirStore store = MaildirStore.openExclusive(dir.resolve("data"))) {
            store.createAccount(TestServer.ALICE);
        }
        Path cur = dir.resolve("data/mail/example.org/alice/cur");
        IntStream.rangeClosed(1, messages).parallel().forEach(uid -> {
            byte[] content = message(uid);
            String name = MaildirFileName.create("1764000000.M" + uid + "P1Q1.bench", content.length, uid,
                    uid % 3 == 0 ? "S" : "").fileName();
            try {
                Files.write(cur.resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Threads of ten: the first starts a topic, the others answer it; dates out of UID order. */
    private static byte[] message(int uid) {
        int root = uid - (uid - 1) % 10;
        long second = 1_700_000_000L + (uid * 7919L) % 31_536_000L;
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochSecond(second).atOffset(java.time.ZoneOffset.UTC));
        StringBuilder m = new StringBuilder()
                .append("Date: ").append(date).append("\r\n")
                .append("From: sender").append(uid % 97).append("@example.org\r\n")
                .append("To: alice@example.org\r\n")
                .append("Subject: ").append(uid == root ? "" : "Re: ").append("topic ").append(root).append("\r\n")
                .append("Message-ID: <").append(uid).append("@bench.example>\r\n");
        if (uid != root) {
            m.append("References: <").append(root).append("@bench.example>\r\n");
        }
        m.append("\r\nbody of message ").append(uid).append("\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void run(TestServer server) throws Exception {
        long validity = server.store().mailbox(TestServer.ALICE, "INBOX").orElseThrow().uidValidity();
        try (ImapClient c = server.login(TestServer.ALICE).timeout(600_000)) {
            c.ok("SELECT INBOX");
            double searchAll = median(c, "UID SEARCH ALL");
            report("SORT (DATE)", median(c, "SORT (DATE) UTF-8 ALL"), "UID SEARCH ALL", searchAll, 500);
            report("THREAD REFERENCES", median(c, "THREAD REFERENCES UTF-8 ALL"), "UID SEARCH ALL", searchAll, 1000);
        }
        long known = server.store().status(server.mailbox(TestServer.ALICE, "INBOX")).highestModSeq();
        try (ImapClient other = server.login(TestServer.ALICE)) {
            other.ok("SELECT INBOX");
            for (int i = 0; i < 50; i++) {
                other.ok("UID STORE " + (1000 + i * 997) + " +FLAGS.SILENT (\\Flagged)");
            }
            StringBuilder doomed = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                doomed.append(i == 0 ? "" : ",").append(2000 + i * 1499);
            }
            other.ok("UID STORE " + doomed + " +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE " + doomed);
        }
        try (ImapClient c = server.login(TestServer.ALICE)) {
            c.ok("ENABLE QRESYNC");
            double select = median(c, "EXAMINE INBOX");
            String qresync = "EXAMINE INBOX (QRESYNC (" + validity + " " + known + "))";
            List<String> lines = c.ok(qresync);
            long fetches = lines.stream().filter(l -> l.contains(" FETCH ")).count();
            long vanished = lines.stream().filter(l -> l.startsWith("* VANISHED (EARLIER)")).count();
            if (fetches != 50 || vanished != 1) {
                throw new AssertionError("the resync should report 50 flag changes and one VANISHED: " + fetches
                        + " FETCH, " + vanished + " VANISHED");
            }
            report("SELECT (QRESYNC) after 100 changes", median(c, qresync), "EXAMINE", select, 50);
            report("UID FETCH 1:* (FLAGS) (CHANGEDSINCE VANISHED)",
                    median(c, "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known + " VANISHED)"), "EXAMINE", select, 50);
        }
    }

    /** The median latency in ms of ROUNDS runs, after one warm-up. */
    private static double median(ImapClient c, String command) throws IOException {
        c.ok(command);
        double[] ms = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            c.ok(command);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ROUNDS / 2];
    }

    private static void report(String what, double ms, String baselineName, double baseline, double targetMs) {
        System.out.printf(Locale.ROOT, "%-48s %9.1f ms  (%5.2fx %s = %.1f ms; target %.0f ms: %s)%n", what, ms,
                ms / baseline, baselineName, baseline, targetMs, ms <= targetMs ? "met" : "MISSED");
    }

    private SyncBenchmark() {
    }
}
