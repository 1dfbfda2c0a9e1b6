package org.facteur.smtp.bench;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.directory.PasswordHasher;
import org.facteur.mailbox.bench.ResultTable;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.smtp.delivery.DsnBouncer;
import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.delivery.RemoteDelivery;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueFiller;
import org.facteur.smtp.queue.QueueRunner;
import org.facteur.smtp.queue.RetrySchedule;
import org.facteur.smtp.relay.ClientSettings;
import org.facteur.smtp.relay.DnsClient;
import org.facteur.smtp.relay.MxResolver;
import org.facteur.smtp.relay.OutboundMessage;
import org.facteur.smtp.relay.OutboundSigner;
import org.facteur.smtp.relay.Route;
import org.facteur.smtp.relay.SmtpConnection;
import org.facteur.smtp.relay.Timeouts;
import org.facteur.smtp.testing.SmtpSink;
import org.facteur.smtp.testing.TestDnsServer;
import org.slf4j.LoggerFactory;

/**
 * Issue 7's relay benchmark (item 6), not a unit test. Remote delivery out of a real queue
 * directory (queue runner, MX lookup against the test DNS server, our SMTP client) to the SMTP
 * sink on 127.0.0.2, with 1 and 20 connections, against a baseline measured in the same run:
 * the same SMTP client sending the same messages to the same sink in a plain loop (no queue,
 * no DNS), with as many connections. Then the heap with 10,000 messages queued and deferred
 * (the sink answers 451), each with its retry scheduled. Run with
 * {@code mvn -q -o -pl smtp-server -am -Prelay-bench test-compile} (-Xmx256m).
 */
public final class RelayBenchmark {

    private static final int MESSAGE_SIZE = 5 * 1024;
    private static final int QUEUED = 10_000;

    private RelayBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            measure();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void measure() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.facteur"))
                .setLevel(ch.qos.logback.classic.Level.WARN); // a log line per message would measure the console
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir", "target"))),
                "relay-bench-");
        int count1 = Integer.getInteger("bench.messages1", 1000);
        int count20 = Integer.getInteger("bench.messages20", 4000);
        byte[] message = message();
        ResultTable table = new ResultTable("relay");
        try (TestDnsServer dns = new TestDnsServer(); SmtpSink sink = new SmtpSink()) {
            dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.2");
            sink.keepMessages(false);
            warmUp(work, dns, sink, message);
            for (int connections : new int[] {1, 20}) {
                int count = connections == 1 ? count1 : count20;
                double raw = rawLoop(sink, message, connections, count);
                double relay = relay(work.resolve("run" + connections), dns, sink, message, connections, count);
                table.add("raw SMTP client loop, " + connections + " connection(s), 5 KB", fmt(raw) + " msg/s",
                        "(baseline)", null);
                table.add("relay from the queue, " + connections + " connection(s), 5 KB", fmt(relay)
                        + " msg/s = " + Math.round(100 * relay / raw) + "% of baseline",
                        connections == 20 ? ">= 500 msg/s" : "", connections == 20 ? relay >= 500 : null);
            }
            double[] latency = latency(work.resolve("latency"), dns, sink, message);
            table.add("queued (250 sent) to accepted by the sink, 20 connections, 50 msg/s: p50",
                    fmt1(latency[0]) + " ms", "", null);
            table.add("queued (250 sent) to accepted by the sink, 20 connections, 50 msg/s: p99",
                    fmt1(latency[1]) + " ms", "", null);
            long heap = queuedHeap(work.resolve("queued"), dns, sink, message);
            table.add(QUEUED + " messages queued and deferred: heap after GC", heap + " MB of -Xmx "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB", "<= 256 MB", heap <= 256);
        }
        table.print(System.out);
    }

    private static void warmUp(Path work, TestDnsServer dns, SmtpSink sink, byte[] message) throws Exception {
        rawLoop(sink, message, 4, 400);
        relay(work.resolve("warmup"), dns, sink, message, 4, 400);
    }

    /** The baseline: our client in a loop, one connection per thread, no queue. */
    private static double rawLoop(SmtpSink sink, byte[] message, int connections, int count) throws Exception {
        ClientSettings client = new ClientSettings("bench.example.test", Timeouts.all(Duration.ofSeconds(30)), Optional.empty());
        Route route = new Route("mx.remote.test", List.of(sink.address()));
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            futures.add(pool.submit(() -> {
                SmtpConnection conn = SmtpConnection.open(route, client);
                int n;
                int sent = 0;
                while ((n = left.decrementAndGet()) >= 0) {
                    if (sent++ == 100) { // as RemoteDelivery: a new connection every 100 messages
                        conn.quit();
                        conn = SmtpConnection.open(route, client);
                        sent = 1;
                    }
                    conn.send(new OutboundMessage("alice@example.test", List.of("user" + n + "@remote.test"),
                            message.length, false, false, new byte[0], () -> new ByteArrayInputStream(message)));
                }
                conn.quit();
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        pool.shutdown();
        return rate;
    }

    /** Fills a queue with {@code count} messages, then times the runner until the sink has them all. */
    private static double relay(Path dir, TestDnsServer dns, SmtpSink sink, byte[] message, int connections, int count)
            throws Exception {
        Files.createDirectories(dir);
        QueueFiller.fill(dir, count, message, "alice@example.test", "remote.test");
        try (Server s = new Server(dir, dns, sink, connections, List.of(Duration.ofMinutes(5)))) {
            int before = sink.accepted();
            long start = System.nanoTime();
            s.runner.start();
            await(() -> sink.accepted() - before >= count && s.queue.ids().isEmpty(), 600);
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * p50/p99 from the durable commit (where reception answers 250) to the sink's acceptance,
     * messages committed one by one at about 50/s, as reception commits them.
     */
    private static double[] latency(Path dir, TestDnsServer dns, SmtpSink sink, byte[] message) throws Exception {
        Files.createDirectories(dir);
        int count = Integer.getInteger("bench.latency_messages", 300);
        java.util.Map<String, Long> committed = new java.util.concurrent.ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        sink.onAccepted(r -> {
            Long at = committed.remove(r.rcpts().get(0));
            if (at != null) {
                latencies.add(System.nanoTime() - at);
            }
        });
        try (Server s = new Server(dir, dns, sink, 20, List.of(Duration.ofMinutes(5)))) {
            s.runner.start();
            for (int i = 0; i < count; i++) {
                String rcpt = "late" + i + "@remote.test";
                MailQueue.Spool spool = s.queue.newSpool();
                spool.write(message, 0, message.length);
                org.facteur.smtp.queue.Envelope e = spool.commit(new org.facteur.smtp.queue.Envelope("",
                        java.time.Instant.now(), "bench", "127.0.0.1", "bench.test", "alice@example.test", 0, "", false,
                        "", "", List.of(new org.facteur.smtp.queue.Envelope.Recipient(rcpt, "", "")),
                        List.of(new org.facteur.smtp.queue.Envelope.Delivery(0,
                                org.facteur.smtp.queue.Envelope.Kind.REMOTE, rcpt, 0))));
                committed.put(rcpt, System.nanoTime());
                s.runner.submitNew(e.queueId());
                Thread.sleep(20);
            }
            await(() -> latencies.size() == count, 120);
        } finally {
            sink.onAccepted(r -> { });
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6};
    }

    /** Heap with {@link #QUEUED} messages deferred in the queue, each with its next attempt scheduled. */
    private static long queuedHeap(Path dir, TestDnsServer dns, SmtpSink sink, byte[] message) throws Exception {
        Files.createDirectories(dir);
        QueueFiller.fill(dir, QUEUED, message, "alice@example.test", "deferred.test");
        dns.mx("deferred.test", 10, "mx.remote.test");
        sink.defaultReply("451 4.3.0 Try again later");
        long peak = 0;
        try (Server s = new Server(dir, dns, sink, 20, List.of(Duration.ofHours(1)))) {
            s.runner.start();
            // Deferred: every envelope has its attempt recorded.
            await(() -> {
                int n = 0;
                for (String id : s.queue.ids()) {
                    if (!s.queue.envelope(id).attempts().isEmpty()) {
                        n++;
                    }
                }
                return n == QUEUED;
            }, 900);
            System.gc();
            Thread.sleep(200);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getUsage().getUsed();
                }
            }
        }
        return peak >> 20;
    }

    /** The delivery side of a server on {@code dir}, remote delivery with {@code connections} per domain. */
    private static final class Server implements AutoCloseable {
        final Database database;
        final MaildirStore store;
        final MailQueue queue;
        final QueueRunner runner;

        Server(Path dir, TestDnsServer dns, SmtpSink sink, int connections, List<Duration> retry) {
            database = Database.open(dir);
            Directory directory = new Directory(database, new PasswordHasher(1000));
            store = MaildirStore.openExclusive(dir);
            queue = new MailQueue(dir);
            ClientSettings client = new ClientSettings("bench.example.test", Timeouts.all(Duration.ofSeconds(30)),
                    Optional.empty());
            RemoteDelivery remote = new RemoteDelivery(queue, new MxResolver(new DnsClient(List.of(dns.address()),
                    Duration.ofSeconds(2)), sink.port()), client, OutboundSigner.NONE,
                    new RemoteDelivery.Limits(connections, 100, 100));
            runner = new QueueRunner(queue, new LocalDelivery(store, queue, directory::userExists), remote,
                    new DsnBouncer(queue, "bench.example.test", directory::resolve), QueueRunner.DEFAULT_THREADS,
                    QueueRunner.DEFAULT_RETRY_MILLIS, new RetrySchedule(retry, Duration.ofDays(5)));
        }

        @Override
        public void close() {
            runner.close();
            store.close();
            database.close();
        }
    }

    private static void await(BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark did not finish in " + seconds + " s");
            }
            Thread.sleep(5);
        }
    }

    private static byte[] message() {
        StringBuilder b = new StringBuilder("From: <alice@example.test>\r\nSubject: relay bench\r\n\r\n");
        while (b.length() < MESSAGE_SIZE) {
            b.append("All work and no play makes a dull message body, line after line.\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String fmt1(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String fmt(double rate) {
        return String.valueOf(Math.round(rate));
    }
}
