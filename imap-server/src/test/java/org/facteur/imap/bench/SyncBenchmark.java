package org.facteur.imap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.bench.ResultTable;
import org.facteur.mailbox.maildir.MaildirFileName;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * Issue #5 item 7: on one mailbox of 100,000 messages, through a real IMAP socket, the latency of
 * {@code SORT (DATE)}, {@code THREAD REFERENCES} and a QRESYNC resync after 100 changes (50 flag
 * changes, 50 expunges), each beside a baseline measured in the same run on the same mailbox:
 * {@code UID SEARCH ALL} (list the mailbox and write every UID, no summary read) for SORT and
 * THREAD, a plain {@code EXAMINE} for the resync. Targets: 500 ms, 1 s, 50 ms.
 *
 * <p>Each figure is measured twice: <b>warm</b>, the median of {@code bench.rounds} runs in one
 * session after a warm-up, and <b>cold</b>, the median over {@code bench.coldRounds} fresh opens
 * of the store on the same files and index (what a user gets after a restart: H2's page cache
 * and the store's memory empty) of the first such command after login. Then the heap the sort
 * keys of the mailbox take once loaded. Run: {@code mvn -q -o -pl imap-server -am -Psync-bench
 * test-compile} (imap-server/README.md).
 */
public final class SyncBenchmark {

    private static final String QRESYNC = "EXAMINE INBOX (QRESYNC (%d %d))";

    /**
     * A latency and the CPU the whole process spent meanwhile (server and client, which only
     * reads): on a machine others load, the CPU time moves less than the wall-clock time.
     */
    private record Figure(double ms, double cpuMs) {
    }

    /** One measured command, after the commands that put the session where a client would be. */
    private record Probe(String name, List<String> setup, String command, String baseline, double targetMs) {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", args.length > 0 ? Integer.parseInt(args[0]) : 100_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int coldRounds = Integer.getInteger("bench.coldRounds", 3);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "facteur-sync-bench");
        try {
            long t0 = System.nanoTime();
            build(dir, messages);
            System.out.printf(Locale.ROOT, "built %,d messages in %.1f s%n", messages, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            List<Probe> probes;
            Map<String, Figure> warm = new LinkedHashMap<>();
            try (TestServer server = new TestServer(dir).start()) {
                System.out.printf(Locale.ROOT, "indexed at open in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                probes = probes(server, messages);
                checkResync(server, probes);
                for (Probe p : probes) {
                    warm.put(p.name(), warm(server, p, rounds));
                }
            }
            Map<String, Figure> cold = new LinkedHashMap<>();
            for (Probe p : probes) {
                cold.put(p.name(), cold(dir, p, coldRounds));
            }
            System.out.printf(Locale.ROOT, "%nwarm: median of %d in one session; cold: median of %d first commands "
                    + "after a fresh open of the store%n", rounds, coldRounds);
            ResultTable summary = new ResultTable("imap sync");
            for (Probe p : probes) {
                if (p.baseline() != null) {
                    report(p, warm, cold);
                    summarise(summary, p, warm, cold, messages);
                }
            }
            sortKeyMemory(dir, messages);
            System.out.println();
            summary.print(System.out);
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

    /**
     * Makes the 100 changes from another session (50 flag changes, 50 expunges) after noting the
     * MODSEQ a resyncing client knew, and returns what to measure.
     */
    private static List<Probe> probes(TestServer server, int messages) throws Exception {
        // Spread over the whole mailbox, whatever its size: flags on odd steps, expunges on even ones.
        int step = messages / 101;
        long validity = server.store().mailbox(TestServer.ALICE, "INBOX").orElseThrow().uidValidity();
        long known = server.store().status(server.mailbox(TestServer.ALICE, "INBOX")).highestModSeq();
        try (ImapClient other = server.login(TestServer.ALICE)) {
            other.ok("SELECT INBOX");
            for (int i = 0; i < 50; i++) {
                other.ok("UID STORE " + step * (2 * i + 1) + " +FLAGS.SILENT (\\Flagged)");
            }
            StringBuilder doomed = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                doomed.append(i == 0 ? "" : ",").append(step * (2 * i + 2));
            }
            other.ok("UID STORE " + doomed + " +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE " + doomed);
        }
        List<String> select = List.of("SELECT INBOX");
        List<String> qresync = List.of("ENABLE QRESYNC");
        String resync = String.format(Locale.ROOT, QRESYNC, validity, known);
        return List.of(
                new Probe("UID SEARCH ALL", select, "UID SEARCH ALL", null, 0),
                new Probe("SORT (DATE)", select, "SORT (DATE) UTF-8 ALL", "UID SEARCH ALL", 500),
                new Probe("THREAD REFERENCES", select, "THREAD REFERENCES UTF-8 ALL", "UID SEARCH ALL", 1000),
                new Probe("EXAMINE", qresync, "EXAMINE INBOX", null, 0),
                new Probe("EXAMINE (QRESYNC) after 100 changes", qresync, resync, "EXAMINE", 50),
                new Probe("UID FETCH 1:* (FLAGS) (CHANGEDSINCE VANISHED)", List.of("ENABLE QRESYNC", "EXAMINE INBOX"),
                        "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known + " VANISHED)", "EXAMINE", 50));
    }

    /** The resync must report what was changed, or its latency means nothing. */
    private static void checkResync(TestServer server, List<Probe> probes) throws Exception {
        Probe resync = probes.get(4);
        try (ImapClient c = server.login(TestServer.ALICE)) {
            for (String command : resync.setup()) {
                c.ok(command);
            }
            List<String> lines = c.ok(resync.command());
            long fetches = lines.stream().filter(l -> l.contains(" FETCH ")).count();
            long vanished = lines.stream().filter(l -> l.startsWith("* VANISHED (EARLIER)")).count();
            if (fetches != 50 || vanished != 1) {
                throw new AssertionError("the resync should report 50 flag changes and one VANISHED: " + fetches
                        + " FETCH, " + vanished + " VANISHED");
            }
        }
    }

    /** The median latency in ms of {@code rounds} runs in one session, after one warm-up. */
    private static Figure warm(TestServer server, Probe probe, int rounds) throws IOException {
        try (ImapClient c = server.login(TestServer.ALICE).timeout(600_000)) {
            for (String command : probe.setup()) {
                c.ok(command);
            }
            c.ok(probe.command());
            Figure[] figures = new Figure[rounds];
            for (int i = 0; i < rounds; i++) {
                figures[i] = timed(c, probe.command());
            }
            return median(figures);
        }
    }

    /** The median latency in ms of the first such command after a fresh open of the store, {@code rounds} times. */
    private static Figure cold(Path dir, Probe probe, int rounds) throws IOException {
        Figure[] figures = new Figure[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            try (TestServer server = new TestServer(dir).start();
                 ImapClient c = server.login(TestServer.ALICE).timeout(600_000)) {
                double open = (System.nanoTime() - t0) / 1e6;
                for (String command : probe.setup()) {
                    c.ok(command);
                }
                figures[i] = timed(c, probe.command());
                System.out.printf(Locale.ROOT, "cold %-48s %9.1f ms, CPU %7.1f ms (store opened in %.0f ms)%n",
                        probe.name(), figures[i].ms(), figures[i].cpuMs(), open);
            }
        }
        return median(figures);
    }

    /** The heap the mailbox's sort keys take once SORT and THREAD have loaded them, per message. */
    private static void sortKeyMemory(Path dir, int messages) throws IOException {
        try (TestServer server = new TestServer(dir).start();
             ImapClient c = server.login(TestServer.ALICE).timeout(600_000)) {
            c.ok("SELECT INBOX");
            long listed = usedHeapAfterGc();
            c.ok("SORT (DATE) UTF-8 ALL");
            c.ok("THREAD REFERENCES UTF-8 ALL");
            long sorted = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "%nheap after GC, store open and INBOX selected: %.1f MB; after SORT and "
                    + "THREAD: %.1f MB (%.0f bytes per message)%n", listed / 1e6, sorted / 1e6,
                    (sorted - listed) / (double) messages);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Figure timed(ImapClient c, String command) throws IOException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        c.ok(command);
        return new Figure((System.nanoTime() - start) / 1e6, (os.getProcessCpuTime() - cpu) / 1e6);
    }

    /** The median latency and, apart, the median CPU time. */
    private static Figure median(Figure[] figures) {
        double[] ms = Arrays.stream(figures).mapToDouble(Figure::ms).sorted().toArray();
        double[] cpu = Arrays.stream(figures).mapToDouble(Figure::cpuMs).sorted().toArray();
        return new Figure(ms[ms.length / 2], cpu[cpu.length / 2]);
    }

    private static void report(Probe p, Map<String, Figure> warm, Map<String, Figure> cold) {
        System.out.printf(Locale.ROOT, "%-48s target %4.0f ms%n", p.name(), p.targetMs());
        line("warm", p, warm);
        line("cold", p, cold);
    }

    /** One row for {@code ./facteur bench}'s table: warm and cold, each against its baseline. */
    private static void summarise(ResultTable summary, Probe p, Map<String, Figure> warm, Map<String, Figure> cold,
                                  int messages) {
        Figure w = warm.get(p.name());
        Figure c = cold.get(p.name());
        summary.add(String.format(Locale.ROOT, "%s, %,d messages, warm / cold", p.name(), messages),
                String.format(Locale.ROOT, "%.1f / %.1f ms = %.2f / %.2f x %s", w.ms(), c.ms(),
                        w.ms() / warm.get(p.baseline()).ms(), c.ms() / cold.get(p.baseline()).ms(), p.baseline()),
                String.format(Locale.ROOT, "<= %.0f ms", p.targetMs()),
                w.ms() <= p.targetMs() && c.ms() <= p.targetMs());
    }

    private static void line(String run, Probe p, Map<String, Figure> figures) {
        Figure f = figures.get(p.name());
        Figure baseline = figures.get(p.baseline());
        System.out.printf(Locale.ROOT, "    %s %9.1f ms  (%5.2fx %s = %.1f ms): %-6s  CPU %7.1f ms (%5.2fx %.1f ms)%n", run,
                f.ms(), f.ms() / baseline.ms(), p.baseline(), baseline.ms(), f.ms() <= p.targetMs() ? "met" : "MISSED",
                f.cpuMs(), f.cpuMs() / baseline.cpuMs(), baseline.cpuMs());
    }

    private SyncBenchmark() {
    }
}
