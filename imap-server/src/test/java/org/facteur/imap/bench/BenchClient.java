package org.facteur.imap.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;

import org.facteur.tls.TlsMaterial;

/**
 * The benchmark's clients, in a child JVM so that their CPU and heap are not the server's. Reads
 * one job per line on stdin and answers one line ({@code done ...}) per job:
 * <ul>
 * <li>{@code mix PORT CLIENTS SECONDS}: CLIENTS open sessions (all logged in before the clock
 *     starts) run the {@link #MIX} of commands for SECONDS; answers the operation count, the
 *     elapsed nanoseconds, p50 and p99 latency in microseconds, this JVM's CPU nanoseconds and
 *     then {@code VERB=p50/p99} per command;</li>
 * <li>{@code logins PORT CLIENTS SECONDS}: reconnecting clients (TLS handshake, greeting,
 *     LOGIN, LOGOUT), same answer with logins as the operations;</li>
 * <li>{@code first PORT}: one LOGIN of each cold user, one after the other, same answer;</li>
 * <li>{@code large PORT REPEAT}: SELECT then {@code UID FETCH 1:* (FLAGS)} on the 100,000-message
 *     INBOX, REPEAT times; answers the median and best nanoseconds of each;</li>
 * <li>{@code idle PORT COUNT}: COUNT sessions logged in, INBOX selected, in IDLE; answers
 *     {@code ready} and waits for {@code release}, which logs them out.</li>
 * </ul>
 * Argument: the directory holding the server's {@code cert.pem}.
 */
public final class BenchClient {

    /** One cycle of a mail client's work in an open session (RFC 3501 commands and IDLE). */
    private static final String[] MIX = {
        "SELECT INBOX", "UID FETCH 1:* (FLAGS)", "FETCH # BODY.PEEK[]", "FETCH # BODY.PEEK[]",
        "FETCH # BODY.PEEK[]", "STORE # +FLAGS (\\Seen)", "STORE # -FLAGS (\\Seen)", "SEARCH UNSEEN",
        "NOOP", "IDLE",
    };

    private final SSLContext tls;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private BenchClient(SSLContext tls) {
        this.tls = tls;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        BenchClient client = new BenchClient(
                TlsMaterial.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem")).trustingClientContext());
        BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String job;
        while ((job = jobs.readLine()) != null) {
            String[] w = job.trim().split(" ");
            int port = Integer.parseInt(w[1]);
            String answer = switch (w[0]) {
                case "mix" -> client.timed(Integer.parseInt(w[2]), Long.parseLong(w[3]) * 1_000_000_000L,
                        i -> client.session(port, i), BenchClient::mix);
                case "logins" -> client.timed(Integer.parseInt(w[2]), Long.parseLong(w[3]) * 1_000_000_000L,
                        i -> null, (session, i, deadline, latencies) -> client.loginLoop(port, i, deadline, latencies));
                case "first" -> client.firstLogins(port);
                case "large" -> client.large(port, Integer.parseInt(w[2]));
                case "idle" -> client.idle(port, Integer.parseInt(w[2]), jobs);
                default -> throw new IllegalArgumentException("unknown job " + job);
            };
            System.out.println("done " + answer);
            System.out.flush();
        }
    }

    /** Opens one client's session before the clock starts; null when the work opens its own. */
    private interface Opener {
        Wire open(int index) throws IOException;
    }

    /** One client's work until the deadline, each operation's nanoseconds recorded. */
    private interface Work {
        void run(Wire session, int index, long deadline, Latencies latencies) throws IOException;
    }

    /**
     * Every client opens its session first; the clock starts when all are ready, so that slow
     * handshakes under load neither shorten nor lengthen the measured window. Operations begun
     * before the deadline count; the window ends when the last of them ends.
     */
    private String timed(int clients, long nanos, Opener opener, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[2];
            List<Future<Latencies>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    Latencies latencies = new Latencies();
                    Wire session;
                    try {
                        session = opener.open(index);
                    } finally {
                        ready.countDown();
                    }
                    try {
                        go.await();
                        work.run(session, index, window[1], latencies);
                        latencies.ended(System.nanoTime());
                    } finally {
                        if (session != null) {
                            session.run("LOGOUT");
                            session.close();
                        }
                    }
                    return latencies;
                }));
            }
            ready.await();
            long cpu = os.getProcessCpuTime();
            window[0] = System.nanoTime();
            window[1] = window[0] + nanos;
            go.countDown();
            Latencies all = new Latencies();
            for (Future<Latencies> f : results) {
                all.addAll(f.get());
            }
            long elapsed = all.lastEnd() - window[0];
            return all.count() + " " + elapsed + " " + all.percentile(50) / 1000 + " " + all.percentile(99) / 1000
                    + " " + (os.getProcessCpuTime() - cpu) + " " + all.breakdown();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The open session of a mail client, logged in. */
    private Wire session(int port, int index) throws IOException {
        Wire wire = new Wire(tls, port);
        wire.greeting();
        wire.run("LOGIN " + BenchData.user(index % BenchData.USERS) + " \"" + BenchData.PASSWORD + "\"");
        return wire;
    }

    private static void mix(Wire wire, int index, long deadline, Latencies latencies) throws IOException {
        SplittableRandom random = new SplittableRandom(index);
        int step = 0;
        int message = 1;
        while (System.nanoTime() < deadline) {
            String command = MIX[step++ % MIX.length];
            if (command.startsWith("FETCH") || command.startsWith("STORE # +")) {
                message = 1 + random.nextInt(BenchData.PER_USER);
            }
            long t0 = System.nanoTime();
            if (command.equals("IDLE")) {
                wire.idleOnce();
            } else {
                wire.run(command.replace("#", Integer.toString(message)));
            }
            latencies.add(BaselineServer.verb(command).replace(' ', '_'), System.nanoTime() - t0);
        }
    }

    private void loginLoop(int port, int index, long deadline, Latencies latencies) throws IOException {
        String login = "LOGIN " + BenchData.user(index % BenchData.USERS) + " \"" + BenchData.PASSWORD + "\"";
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            login(port, login);
            latencies.add(System.nanoTime() - t0);
        }
    }

    private void login(int port, String login) throws IOException {
        try (Wire wire = new Wire(tls, port)) {
            wire.greeting();
            wire.run(login);
            wire.run("LOGOUT");
        }
    }

    private String firstLogins(int port) throws IOException {
        Latencies latencies = new Latencies();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < BenchData.COLD_USERS; i++) {
            long t0 = System.nanoTime();
            login(port, "LOGIN " + BenchData.coldUser(i) + " \"" + BenchData.PASSWORD + "\"");
            latencies.add(System.nanoTime() - t0);
        }
        long elapsed = System.nanoTime() - start;
        return latencies.count() + " " + elapsed + " " + latencies.percentile(50) / 1000 + " "
                + latencies.percentile(99) / 1000 + " " + (os.getProcessCpuTime() - cpu);
    }

    private String large(int port, int repeat) throws IOException {
        Latencies select = new Latencies();
        Latencies flags = new Latencies();
        try (Wire wire = new Wire(tls, port)) {
            wire.greeting();
            wire.run("LOGIN " + BenchData.LARGE_USER + " \"" + BenchData.PASSWORD + "\"");
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                wire.run("SELECT INBOX");
                long t1 = System.nanoTime();
                long bytes = wire.run("UID FETCH 1:* (FLAGS)");
                long t2 = System.nanoTime();
                if (bytes < BenchData.LARGE_MESSAGES * 20L) {
                    throw new IOException("UID FETCH 1:* (FLAGS) sent only " + bytes + " bytes");
                }
                select.add(t1 - t0);
                flags.add(t2 - t1);
                wire.run("UNSELECT");
            }
            wire.run("LOGOUT");
        }
        return select.percentile(50) + " " + select.min() + " " + flags.percentile(50) + " " + flags.min();
    }

    private String idle(int port, int count, BufferedReader jobs) throws IOException {
        List<Wire> open = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Wire wire = new Wire(tls, port);
                open.add(wire);
                wire.greeting();
                wire.run("LOGIN " + BenchData.user(i % BenchData.USERS) + " \"" + BenchData.PASSWORD + "\"");
                wire.run("SELECT INBOX");
                wire.startIdle();
            }
            System.out.println("ready " + open.size());
            System.out.flush();
            String release = jobs.readLine();
            if (!"release".equals(release)) {
                throw new IOException("expected release, got " + release);
            }
        } finally {
            for (Wire wire : open) {
                wire.close();
            }
        }
        return Integer.toString(count);
    }
}
