package org.facteur.pop3.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.bench.ChildJvm;
import org.facteur.mailbox.bench.ResultTable;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.pop3.Pop3Server;
import org.facteur.pop3.Pop3Settings;
import org.facteur.pop3.support.TestTls;

/**
 * Issue 6's benchmark (not a unit test): 2,000 messages of 5 KB retrieved over implicit TLS by
 * 10 parallel sessions (10 users of 200 messages, RETR one by one). This JVM is the server; the
 * client runs in a child JVM ({@link BenchClient}), so the server's CPU and heap are measured
 * apart from it. Each round also runs the same client against {@link BaselineServer} (the same
 * dialogue and bytes over the same TLS, from memory), and the POP3 rate is reported as a ratio
 * of that baseline, measured seconds apart on the same (shared, loaded) machine. Warm-up rounds
 * come first: until the JIT has compiled the server's path (James, Netty, H2, ours), the compiler
 * threads use more CPU than the server itself. Run with -Xmx256m:
 * <pre>
 *   java -Xmx256m -cp ... org.facteur.pop3.bench.Pop3Benchmark [rounds [warm-up rounds]]
 * </pre>
 */
public final class Pop3Benchmark {

    private static final int MESSAGES = BenchMessages.SESSIONS * BenchMessages.PER_SESSION;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final PrintWriter toClient;
    private final BufferedReader fromClient;

    private Pop3Benchmark(Process client) {
        toClient = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** What one round against one server measured. */
    private record Round(double messagesPerSecond, double serverCpuMs, double clientCpuMs) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path data = Files.createTempDirectory("pop3-bench");
        try (MailStore store = MaildirStore.openExclusive(data)) {
            seed(store);
            Path certificate = TestTls.get().writeCertificatePem(data.resolve("server.pem"));
            Pop3Settings settings = Pop3Settings.builder()
                    .pop3s(new InetSocketAddress("127.0.0.1", 0))
                    .sslContext(TestTls.get().serverContext())
                    .build();
            try (Pop3Server server = new Pop3Server(settings, store,
                    (user, password) -> BenchMessages.PASSWORD.equals(new String(password))
                            ? Optional.of(user) : Optional.empty(),
                    new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(1)),
                    new ConnectionLimits(1000, 20));
                 BaselineServer baseline = new BaselineServer(TestTls.get().serverContext(),
                         BenchMessages.message(0, 0))) {
                server.start();
                int pop3s = server.pop3sAddress().orElseThrow().getPort();
                Process client = ChildJvm.start("128m", BenchClient.class, certificate.toString());
                try {
                    new Pop3Benchmark(client).run(rounds, warmUp, pop3s, baseline.port());
                } finally {
                    client.getOutputStream().close();
                    client.waitFor();
                }
            }
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // James 3.8.1's NettyServer leaves a DefaultEventLoopGroup of non-daemon threads behind.
        System.exit(0);
    }

    private static void seed(MailStore store) {
        long t0 = System.nanoTime();
        for (int u = 0; u < BenchMessages.SESSIONS; u++) {
            String user = BenchMessages.user(u);
            store.createAccount(user);
            MailboxId inbox = store.mailbox(user, MailStore.INBOX).orElseThrow().id();
            for (int i = 0; i < BenchMessages.PER_SESSION; i++) {
                store.append(inbox, new ByteArrayInputStream(BenchMessages.message(u, i)), Flags.NONE, Instant.now());
            }
        }
        System.out.printf("stored %d messages of %d bytes in %.1f s%n", MESSAGES, BenchMessages.SIZE,
                (System.nanoTime() - t0) / 1e9);
    }

    private void run(int rounds, int warmUp, int pop3s, int baseline) throws IOException {
        for (int w = 0; w < warmUp; w++) {
            round(baseline);
            Round pop3 = round(pop3s);
            System.out.printf("warm-up %d: pop3s %.0f msg/s, server %.3f ms CPU/msg%n", w + 1,
                    pop3.messagesPerSecond(), pop3.serverCpuMs());
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> pop3Rates = new ArrayList<>();
        long peakHeap = 0;
        for (int r = 1; r <= rounds; r++) {
            // Alternate the order, so that a load change on the machine does not favour one side.
            Round base;
            Round pop3;
            long heap;
            if (r % 2 == 1) {
                base = round(baseline);
                resetPeaks();
                pop3 = round(pop3s);
                heap = peakHeap();
            } else {
                resetPeaks();
                pop3 = round(pop3s);
                heap = peakHeap();
                base = round(baseline);
            }
            peakHeap = Math.max(peakHeap, heap);
            double ratio = pop3.messagesPerSecond() / base.messagesPerSecond();
            ratios.add(ratio);
            pop3Rates.add(pop3.messagesPerSecond());
            System.out.printf("round %d: pop3s %.0f msg/s (server %.3f ms CPU/msg, client %.3f), baseline %.0f msg/s"
                            + " (server %.3f ms CPU/msg, client %.3f), ratio %.2f, server peak heap %d MB, load %.1f%n",
                    r, pop3.messagesPerSecond(), pop3.serverCpuMs(), pop3.clientCpuMs(), base.messagesPerSecond(),
                    base.serverCpuMs(), base.clientCpuMs(), ratio, heap >> 20, os.getSystemLoadAverage());
        }
        ratios.sort(null);
        List<Double> rates = new ArrayList<>(pop3Rates);
        rates.sort(null);
        ResultTable table = new ResultTable("pop3");
        table.add(String.format("RETR %d x 5 KB over TLS, %d sessions, median of %d rounds", MESSAGES,
                BenchMessages.SESSIONS, rounds), String.format("%.0f msg/s = %.2f x baseline (the same dialogue over TLS, message in memory)",
                rates.get(rates.size() / 2), ratios.get(ratios.size() / 2)), ">= 2,000 msg/s",
                rates.get(rates.size() / 2) >= 2000);
        table.add("server peak heap", (peakHeap >> 20) + " MB of -Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MB",
                "<= 256 MB", peakHeap <= 256L << 20);
        table.print(System.out);
    }

    /** One round of the client against {@code port}, with this (the server's) process CPU time. */
    private Round round(int port) throws IOException {
        long cpu = os.getProcessCpuTime();
        toClient.println("round " + port);
        String reply = fromClient.readLine();
        long serverCpu = os.getProcessCpuTime() - cpu;
        if (reply == null || !reply.startsWith("done ")) {
            throw new IOException("the client said " + reply);
        }
        String[] parts = reply.split(" ");
        double seconds = Long.parseLong(parts[1]) / 1e9;
        long clientCpu = Long.parseLong(parts[3]);
        return new Round(MESSAGES / seconds, serverCpu / 1e6 / MESSAGES, clientCpu / 1e6 / MESSAGES);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
