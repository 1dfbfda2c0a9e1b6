package org.facteur.pop3.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocket;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.pop3.Pop3Server;
import org.facteur.pop3.Pop3Settings;
import org.facteur.pop3.support.TestTls;

/**
 * Issue 6's benchmark (not a unit test): 2,000 messages of 5 KB retrieved over implicit TLS by
 * 10 parallel sessions (10 users of 200 messages), messages per second and peak heap (server and
 * clients share this JVM, so the figure is an upper bound for the server). Run with -Xmx256m:
 * <pre>
 *   java -Xmx256m -cp ... org.facteur.pop3.bench.Pop3Benchmark [rounds]
 * </pre>
 */
public final class Pop3Benchmark {

    private static final int SESSIONS = 10;
    private static final int PER_SESSION = 200;
    private static final int SIZE = 5 * 1024;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path data = Files.createTempDirectory("pop3-bench");
        try (MailStore store = MaildirStore.openExclusive(data)) {
            long t0 = System.nanoTime();
            for (int u = 0; u < SESSIONS; u++) {
                String user = "user" + u + "@example.org";
                store.createAccount(user);
                MailboxId inbox = store.mailbox(user, MailStore.INBOX).orElseThrow().id();
                for (int i = 0; i < PER_SESSION; i++) {
                    store.append(inbox, new java.io.ByteArrayInputStream(message(u, i)), Flags.NONE, Instant.now());
                }
            }
            System.out.printf("stored %d messages of %d bytes in %.1f s%n", SESSIONS * PER_SESSION, SIZE,
                    (System.nanoTime() - t0) / 1e9);
            Pop3Settings settings = Pop3Settings.builder()
                    .pop3s(new InetSocketAddress("127.0.0.1", 0))
                    .sslContext(TestTls.get().serverContext())
                    .build();
            try (Pop3Server server = new Pop3Server(settings, store,
                    (user, password) -> "secret".equals(new String(password)) ? Optional.of(user) : Optional.empty(),
                    new org.facteur.guard.LoginThrottle(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(15),
                            java.time.Duration.ofMinutes(1)),
                    new org.facteur.guard.ConnectionLimits(1000, 20))) {
                server.start();
                int port = server.pop3sAddress().orElseThrow().getPort();
                round(port); // warm-up
                resetPeaks();
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                for (int r = 1; r <= rounds; r++) {
                    long cpu = os.getProcessCpuTime();
                    double rate = round(port);
                    double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / (SESSIONS * PER_SESSION);
                    System.out.printf("round %d: %.0f messages/s over TLS, %.2f ms CPU per message (server and"
                            + " client), peak heap %d MB (max heap %d MB), load %.1f%n", r, rate, cpuMs,
                            peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20, os.getSystemLoadAverage());
                }
            }
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // James 3.8.1's NettyServer leaves a DefaultEventLoopGroup of non-daemon threads behind.
        System.exit(0);
    }

    private static byte[] message(int user, int i) {
        StringBuilder b = new StringBuilder("From: bench@example.org\r\nTo: user" + user
                + "@example.org\r\nSubject: message " + i + "\r\nMessage-ID: <" + user + "." + i
                + "@example.org>\r\n\r\n");
        int line = 0;
        while (b.length() < SIZE - 80) {
            b.append(line++ % 10 == 0 ? "." : "").append("The quick brown fox jumps over the lazy dog ")
                    .append(line).append("\r\n");
        }
        while (b.length() < SIZE - 2) {
            b.append('x');
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One round: every session logs in, RETRs its 200 messages one by one, QUITs. Messages/s. */
    private static double round(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int u = 0; u < SESSIONS; u++) {
            String user = "user" + u + "@example.org";
            futures.add(pool.submit(() -> {
                session(port, user, bytes);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (bytes.get() < (long) SESSIONS * PER_SESSION * SIZE) {
            throw new IllegalStateException("short read: " + bytes.get());
        }
        return SESSIONS * PER_SESSION / seconds;
    }

    private static void session(int port, String user, AtomicLong bytes) throws IOException {
        try (SSLSocket s = (SSLSocket) TestTls.get().clientContext().getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
            OutputStream out = s.getOutputStream();
            expectOk(line(in));
            String auth = Base64.getEncoder().encodeToString(("\0" + user + "\0secret").getBytes(StandardCharsets.UTF_8));
            out.write(("AUTH PLAIN " + auth + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expectOk(line(in));
            for (int i = 1; i <= PER_SESSION; i++) {
                out.write(("RETR " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expectOk(line(in));
                bytes.addAndGet(body(in));
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expectOk(line(in));
        }
    }

    private static void expectOk(String line) {
        if (!line.startsWith("+OK")) {
            throw new IllegalStateException("server said " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString().strip();
    }

    /** Reads a multi-line body; returns its size. */
    private static long body(InputStream in) throws IOException {
        long n = 0;
        int state = 0; // 0 line start, 1 in line, 2 saw "." at line start, 3 saw ".\r"
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("eof in body");
            }
            n++;
            switch (state) {
                case 0 -> state = c == '.' ? 2 : (c == '\n' ? 0 : 1);
                case 2 -> state = c == '\r' ? 3 : (c == '\n' ? 0 : 1);
                case 3 -> {
                    if (c == '\n') {
                        return n;
                    }
                    state = 1;
                }
                default -> state = c == '\n' ? 0 : 1;
            }
        }
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
