package org.facteur.pop3.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The benchmark's client, in its own JVM so that its CPU and heap are not the server's. Reads
 * commands from stdin: {@code round PORT} runs one round (10 parallel TLS sessions, each logs in,
 * RETRs its 200 messages one by one and QUITs) and answers {@code done NANOS BYTES CPU_NANOS};
 * {@code exit} ends. Argument: the server certificate (PEM) to trust.
 */
public final class BenchClient {

    private final SSLContext tls;
    private final ExecutorService pool = Executors.newFixedThreadPool(BenchMessages.SESSIONS);

    private BenchClient(SSLContext tls) {
        this.tls = tls;
    }

    public static void main(String[] args) throws Exception {
        BenchClient client = new BenchClient(trusting(Path.of(args[0])));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String command;
        while ((command = commands.readLine()) != null && command.startsWith("round ")) {
            int port = Integer.parseInt(command.substring(6).trim());
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            long bytes = client.round(port);
            long nanos = System.nanoTime() - start;
            System.out.println("done " + nanos + " " + bytes + " " + (os.getProcessCpuTime() - cpu));
            System.out.flush();
        }
        client.pool.shutdownNow();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** One round; the bytes of all message bodies read. */
    private long round(int port) throws Exception {
        AtomicLong bytes = new AtomicLong();
        List<Future<?>> sessions = new ArrayList<>();
        for (int u = 0; u < BenchMessages.SESSIONS; u++) {
            String user = BenchMessages.user(u);
            sessions.add(pool.submit(() -> {
                session(port, user, bytes);
                return null;
            }));
        }
        for (Future<?> f : sessions) {
            f.get();
        }
        long expected = (long) BenchMessages.SESSIONS * BenchMessages.PER_SESSION * BenchMessages.SIZE;
        if (bytes.get() < expected) {
            throw new IllegalStateException("short read: " + bytes.get() + " < " + expected);
        }
        return bytes.get();
    }

    private void session(int port, String user, AtomicLong bytes) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            Reader in = new Reader(s.getInputStream());
            OutputStream out = s.getOutputStream();
            expectOk(in.line());
            String auth = Base64.getEncoder().encodeToString(("\0" + user + "\0" + BenchMessages.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            send(out, "AUTH PLAIN " + auth);
            expectOk(in.line());
            for (int i = 1; i <= BenchMessages.PER_SESSION; i++) {
                send(out, "RETR " + i);
                expectOk(in.line());
                bytes.addAndGet(in.multiLineBody());
            }
            send(out, "QUIT");
            expectOk(in.line());
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expectOk(String line) {
        if (!line.startsWith("+OK")) {
            throw new IllegalStateException("server said " + line);
        }
    }

    /** Buffered reads that scan for line ends and the termination line without a call per byte. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;

        Reader(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (fill()) {
                while (pos < limit) {
                    byte c = buf[pos++];
                    if (c == '\n') {
                        return b.toString().strip();
                    }
                    b.append((char) c);
                }
            }
            throw new IOException("eof");
        }

        /** Consumes a multi-line body through its ".CRLF" line; returns its size. */
        long multiLineBody() throws IOException {
            long n = 0;
            int state = 0; // 0 after LF, 1 in line, 2 after LF ".", 3 after LF ".\r"
            while (fill()) {
                while (pos < limit) {
                    byte c = buf[pos++];
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
                        default -> {
                            if (c == '\n') {
                                state = 0;
                            }
                        }
                    }
                }
            }
            throw new IOException("eof in body");
        }
    }
}
