package org.facteur.imap.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;

/**
 * What the storage quota costs APPEND: the same sequence of 5 KB APPENDs over TLS against a server
 * without a quota (the baseline) and one with {@code quota.storage} set, in alternating rounds in
 * one JVM; prints the median latency and the process CPU per APPEND of each, and their ratio.
 * Not a unit test. Run after {@code mvn -o -pl imap-server -am test-compile}:
 * {@code java -cp <test classpath> org.facteur.imap.bench.QuotaAppendBenchmark [appends] [rounds]}.
 */
public final class QuotaAppendBenchmark {

    private static final int MESSAGE_SIZE = 5 * 1024;

    private QuotaAppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int appends = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String message = "Subject: bench\r\n\r\n" + "x".repeat(MESSAGE_SIZE - 18);
        List<double[]> off = new ArrayList<>();
        List<double[]> on = new ArrayList<>();
        // One unmeasured pair first: the JIT warms up on the first servers of the JVM.
        run(0, appends, message);
        run(1L << 40, appends, message);
        for (int round = 0; round < rounds; round++) {
            boolean quotaFirst = round % 2 == 1;
            for (int i = 0; i < 2; i++) {
                boolean quota = quotaFirst == (i == 0);
                double[] figures = run(quota ? 1L << 40 : 0, appends, message);
                (quota ? on : off).add(figures);
                System.out.printf("round %d %-8s median %.3f ms, CPU %.0f us per APPEND%n", round,
                        quota ? "quota" : "no quota", figures[0], figures[1]);
            }
        }
        double offLatency = median(off, 0);
        double onLatency = median(on, 0);
        double offCpu = median(off, 1);
        double onCpu = median(on, 1);
        System.out.printf("APPEND %d B x %d, %d rounds: no quota %.3f ms / %.0f us CPU; quota %.3f ms / %.0f us CPU;"
                + " ratio %.3f (latency), %.3f (CPU)%n", MESSAGE_SIZE, appends, rounds, offLatency, offCpu,
                onLatency, onCpu, onLatency / offLatency, onCpu / offCpu);
    }

    /** {median latency in ms, process CPU in µs} per APPEND, on a fresh server and store. */
    private static double[] run(long quota, int appends, String message) throws Exception {
        Path dir = Files.createTempDirectory("quota-bench");
        try (TestServer server = new TestServer(dir, b -> b.quotaStorage(quota)).start();
             ImapClient c = server.login(TestServer.ALICE)) {
            String command = "APPEND INBOX {" + message.length() + "+}\r\n" + message;
            for (int i = 0; i < appends / 4; i++) {
                c.ok(command); // warm-up
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            double[] latencies = new double[appends];
            for (int i = 0; i < appends; i++) {
                long start = System.nanoTime();
                c.ok(command);
                latencies[i] = (System.nanoTime() - start) / 1e6;
            }
            long cpu = os.getProcessCpuTime() - cpuStart;
            Arrays.sort(latencies);
            return new double[] {latencies[appends / 2], cpu / 1e3 / appends};
        } finally {
            deleteQuietly(dir);
        }
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }

    private static void deleteQuietly(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
