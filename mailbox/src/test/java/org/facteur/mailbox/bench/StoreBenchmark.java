package org.facteur.mailbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * The store's figures beside the targets of issue 2 (item 7), in one run: durable appends with
 * 1 and 16 writers against a raw write+fsync+rename loop, opening a 100,000-message mailbox,
 * fetching a summary and a part from it, and the peak heap throughout. Prints figures; asserts
 * nothing. Run with {@code mvn -q -o -pl mailbox -Pbench test-compile} (README.md),
 * which gives it {@code -Xmx256m}. System properties: {@code bench.dir} (where to write, default
 * {@code target}), {@code bench.messages} (default 100000), {@code bench.seconds} (per throughput
 * figure, default 5).
 */
public final class StoreBenchmark {

    private static final int MESSAGE_SIZE = 5 * 1024;
    private static final int LARGE_MESSAGE_SIZE = 2 * 1024;
    private static final int FETCH_SAMPLES = 2000;
    private static final String USER = "writer@example.org";

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir", "target"))),
                "bench-");
        int messages = Integer.getInteger("bench.messages", 100_000);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "5"));
        ResultTable table = new ResultTable("store");
        try (HeapWatcher heap = new HeapWatcher()) {
            byte[] message = TestMessages.ofSize("benchmark", MESSAGE_SIZE);
            measureAppends(work, message, seconds, table);
            measureLargeMailbox(work.resolve("large"), messages, table);
            table.add("peak heap used (sampled every 5 ms, -Xmx " + heap.maxBytes() / (1 << 20) + " MB)",
                    mb(heap.peakBytes()), "<= 256 MB", heap.peakBytes() <= 256L << 20);
        } finally {
            deleteTree(work);
        }
        table.print(System.out);
    }

    private static void measureAppends(Path work, byte[] message, double seconds, ResultTable table)
            throws IOException, InterruptedException {
        double raw = RawWriteLoop.filesPerSecond(work.resolve("raw"), message, seconds, false);
        double rawDurable = RawWriteLoop.filesPerSecond(work.resolve("raw-durable"), message, seconds, true);
        double one;
        double sixteen;
        try (MaildirStore store = MaildirStore.openExclusive(work.resolve("appends"))) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
            // Warm-up as long as a measurement, one writer then four: measured in session 6, the
            // appending path was still being compiled after the 1 s of four writers used before,
            // which cost the one-writer figure about a fifth. A server runs in the steady state.
            AppendThroughput.appendsPerSecond(store, inbox, message, 1, seconds);
            AppendThroughput.appendsPerSecond(store, inbox, message, 4, 1);
            one = AppendThroughput.appendsPerSecond(store, inbox, message, 1, seconds);
            sixteen = AppendThroughput.appendsPerSecond(store, inbox, message, 16, seconds);
        }
        table.add("raw loop: write 5 KB + fsync + rename, 1 writer", perSecond(raw), "(baseline)", null);
        table.add("same + fsync of the directory (the store's 2nd fsync)",
                perSecond(rawDurable) + String.format(" = %.0f%% of raw", 100 * rawDurable / raw), "", null);
        table.add("append 5 KB, 1 writer", perSecond(one) + String.format(" = %.0f%% of raw", 100 * one / raw),
                ">= 50% of raw", one >= raw / 2);
        table.add("append 5 KB, 16 writers", perSecond(sixteen)
                        + String.format(" = %.0f%% of raw, %.1fx 1 writer", 100 * sixteen / raw, sixteen / one),
                ">= 3x 1 writer", sixteen >= 3 * one);
    }

    private static void measureLargeMailbox(Path dataDir, int messages, ResultTable table) {
        long t0 = System.nanoTime();
        LargeMailbox.build(dataDir, messages, LARGE_MESSAGE_SIZE);
        long t1 = System.nanoTime();
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            // recovery indexed every file: the build's second half
        }
        long t2 = System.nanoTime();
        table.add("build " + messages + " messages: write files / index them (recovery)",
                String.format("%.1f s / %.1f s", (t1 - t0) / 1e9, (t2 - t1) / 1e9), "", null);

        long opened = System.nanoTime();
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            long t3 = System.nanoTime();
            MailboxId inbox = LargeMailbox.inbox(store);
            int listed = store.messages(inbox).size();
            long t4 = System.nanoTime();
            if (listed != messages) {
                throw new IllegalStateException("listed " + listed + " of " + messages);
            }
            double[] warm = new double[5];
            for (int i = 0; i < warm.length; i++) {
                long s = System.nanoTime();
                store.messages(inbox);
                warm[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(warm);
            table.add("reopen the store (start-up recovery over " + messages + " files)", ms((t3 - opened) / 1e6), "",
                    null);
            table.add("list " + messages + " UIDs+flags, cold (first call after reopen)", ms((t4 - t3) / 1e6),
                    "<= 200 ms", (t4 - t3) / 1e6 <= 200);
            table.add("list " + messages + " UIDs+flags, warm (median of 5)", ms(warm[2]), "<= 200 ms", warm[2] <= 200);

            FetchLatency.summary(store, inbox, messages, FETCH_SAMPLES / 4); // warm-up
            FetchLatency.Latency summary = FetchLatency.summary(store, inbox, messages, FETCH_SAMPLES);
            FetchLatency.Latency part = FetchLatency.part(store, inbox, messages, FETCH_SAMPLES);
            table.add("summary (BODYSTRUCTURE) of a random message, p50 / p99",
                    String.format("%.0f / %.0f us", summary.medianMicros(), summary.p99Micros()), "", null);
            table.add("summary + part 1 bytes of a random message, p50 / p99",
                    String.format("%.0f / %.0f us", part.medianMicros(), part.p99Micros()), "", null);
        }
    }

    private static String perSecond(double rate) {
        return String.format("%.0f /s", rate);
    }

    private static String ms(double millis) {
        return String.format("%.0f ms", millis);
    }

    private static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1048576.0);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
