package org.facteur.imap.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.directory.PasswordHasher;
import org.facteur.imap.ImapServer;
import org.facteur.imap.ImapSettings;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.bench.ChildJvm;
import org.facteur.mailbox.bench.ResultTable;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.tls.TlsMaterial;

/**
 * Issue 4's benchmark (not a unit test). This JVM is the server, with the real Maildir store,
 * the real directory (H2, PBKDF2 with 600,000 iterations and its verified-password cache) and
 * implicit TLS; the clients run in a child JVM ({@link BenchClient}), so the heap and CPU read
 * here are the server's. Every figure comes with a baseline measured in the same run:
 * <ul>
 * <li>the command mix and the reconnecting logins against {@link BaselineServer}, which replays
 *     our server's own response bytes over the same TLS from memory (rounds alternate which
 *     goes first, so a change of load on the shared machine favours neither);</li>
 * <li>the first login against one PBKDF2 verification called directly;</li>
 * <li>SELECT and {@code UID FETCH 1:* (FLAGS)} on 100,000 messages against the store's listing
 *     and counts of that mailbox called directly ({@code MailStore.messages} and {@code status});</li>
 * <li>the heap with 200 idle sessions against the heap of the same server with none.</li>
 * </ul>
 * Run: {@code mvn -q -o -pl imap-server -am -Pimap-bench test-compile} (with -Xmx256m, the
 * issue's heap bound, so exceeding it fails the run).
 */
public final class ImapBenchmark {

    private static final int[] CLIENTS = {1, 10, 50};
    private static final int IDLE_SESSIONS = 200;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final int seconds;
    private final int rounds;
    /** The figures against their targets, also for ./facteur bench's summary. */
    private final ResultTable summary = new ResultTable("imap");
    private final PrintWriter toClient;
    private final BufferedReader fromClient;

    private ImapBenchmark(Process client, int seconds, int rounds) {
        this.seconds = seconds;
        this.rounds = rounds;
        toClient = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** What the child answered to a timed job, with this (the server's) process CPU over it. */
    private record Timed(long operations, long nanos, long p50Micros, long p99Micros, long clientCpu, long serverCpu,
                         String breakdown) {
        double perSecond() {
            return operations / (nanos / 1e9);
        }

        double serverCpuMicrosPerOp() {
            return serverCpu / 1e3 / operations;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "imap-bench");
        System.out.printf("IMAP benchmark: %d s per measurement, %d rounds, load average %.2f at start%n",
                seconds, rounds, loadAverage());
        try {
            run(dir, seconds, rounds);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("load average %.2f at the end%n", loadAverage());
    }

    private static void run(Path dir, int seconds, int rounds) throws Exception {
        TlsMaterial tls = TlsMaterial.selfSigned(dir, "localhost");
        Path data = dir.resolve("data");
        long t0 = System.nanoTime();
        BenchData.buildLargeMailbox(data);
        long t1 = System.nanoTime();
        try (Database database = Database.inMemory("imap-bench");
             MaildirStore store = MaildirStore.openExclusive(data)) {
            long t2 = System.nanoTime();
            System.out.printf("100,000-message mailbox: files written in %.1f s, indexed by the store's recovery in %.1f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            Directory directory = new Directory(database);
            seed(store, directory);
            ImapSettings settings = ImapSettings.builder()
                    .imaps(new InetSocketAddress("127.0.0.1", 0))
                    .tls(tls)
                    .maxConnectionsPerIp(1000)
                    .maxConnectionsPerUser(100)
                    .spoolDirectory(dir)
                    .build();
            try (ImapServer server = new ImapServer(settings, store, directory::authenticate)) {
                server.start();
                int port = server.imapsAddress().orElseThrow().getPort();
                int ioThreads = settings.ioThreads() == 0 ? 2 * Runtime.getRuntime().availableProcessors()
                        : settings.ioThreads();
                try (BaselineServer baseline = capture(tls, ioThreads, port)) {
                    Process client = ChildJvm.start("256m", BenchClient.class, dir.toString());
                    try {
                        new ImapBenchmark(client, seconds, rounds).measure(port, baseline.port(), store);
                    } finally {
                        client.getOutputStream().close();
                        client.waitFor();
                    }
                }
            }
        }
    }

    /** Users in the directory (600,000-iteration hashes, as in production) and their INBOXes. */
    private static void seed(MailStore store, Directory directory) {
        long t0 = System.nanoTime();
        directory.addDomain(BenchData.DOMAIN);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < BenchData.USERS; u++) {
            users.add(BenchData.user(u));
        }
        for (int u = 0; u < BenchData.COLD_USERS; u++) {
            users.add(BenchData.coldUser(u));
        }
        users.add(BenchData.LARGE_USER);
        for (String user : users) {
            directory.addUser(user, BenchData.PASSWORD.toCharArray());
            store.createAccount(user);
        }
        long t1 = System.nanoTime();
        for (int u = 0; u < BenchData.USERS; u++) {
            MailboxId inbox = store.mailbox(BenchData.user(u), MailStore.INBOX).orElseThrow().id();
            for (int i = 0; i < BenchData.PER_USER; i++) {
                store.append(inbox, new ByteArrayInputStream(BenchData.message("message " + u + "." + i, BenchData.SIZE)),
                        Flags.NONE, Instant.now());
            }
        }
        System.out.printf("%d users added in %.1f s; %d messages of %d bytes appended in %.1f s%n", users.size(),
                (t1 - t0) / 1e9, BenchData.USERS * BenchData.PER_USER, BenchData.SIZE, (System.nanoTime() - t1) / 1e9);
    }

    /** Records our server's untagged responses to each command of the mix, for the baseline to replay. */
    private static BaselineServer capture(TlsMaterial tls, int ioThreads, int port) throws Exception {
        Map<String, byte[]> untagged = new LinkedHashMap<>();
        String greeting;
        try (Wire wire = new Wire(tls.trustingClientContext(), port)) {
            greeting = wire.greeting();
            wire.run("LOGIN " + BenchData.user(0) + " \"" + BenchData.PASSWORD + "\"");
            for (String command : List.of("SELECT INBOX", "UID FETCH 1:* (FLAGS)", "FETCH 1 BODY.PEEK[]",
                    "STORE 1 +FLAGS (\\Seen)", "SEARCH UNSEEN", "NOOP")) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                wire.run(command, bytes);
                untagged.put(BaselineServer.verb(command), bytes.toByteArray());
            }
            wire.run("STORE 1 -FLAGS (\\Seen)");
            wire.run("LOGOUT");
        }
        return new BaselineServer(tls, ioThreads, greeting, untagged);
    }

    private void measure(int imap, int baseline, MailStore store) throws IOException {
        // Warm-up: until the JIT has compiled both servers' paths, its threads take more CPU than they do.
        timed("mix " + baseline + " 10 " + seconds);
        timed("mix " + imap + " 10 " + seconds);
        timed("logins " + baseline + " 10 " + seconds);
        timed("logins " + imap + " 10 " + seconds);

        System.out.printf("%n| clients | IMAP ops/s | p50 ms | p99 ms | server CPU µs/op | baseline ops/s | baseline p50 / p99 ms"
                + " | baseline server CPU µs/op | ratio IMAP/baseline (rate; CPU) |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<String> breakdowns = new ArrayList<>();
        for (int clients : CLIENTS) {
            Timed[] median = compare("mix", clients, imap, baseline);
            breakdowns.add(clients + " clients: IMAP " + median[0].breakdown() + "; baseline " + median[1].breakdown());
        }
        System.out.println("\np50/p99 µs by command (median round):");
        breakdowns.forEach(System.out::println);
        System.out.printf("%n| reconnecting clients | IMAP logins/s | p50 ms | p99 ms | server CPU µs/login | baseline logins/s"
                + " | baseline p50 / p99 ms | baseline server CPU µs/login | ratio IMAP/baseline (rate; CPU) |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        compare("logins", 10, imap, baseline);
        firstLogins(imap);
        largeMailbox(imap, store);
        idleHeap(imap);
        summary.print(System.out);
    }

    /** Median-ratio round of {@code rounds}, each running both servers, in alternating order. */
    private Timed[] compare(String job, int clients, int imap, int baseline) throws IOException {
        List<Timed[]> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Timed ours;
            Timed base;
            if (r % 2 == 0) {
                base = timed(job + " " + baseline + " " + clients + " " + seconds);
                ours = timed(job + " " + imap + " " + clients + " " + seconds);
            } else {
                ours = timed(job + " " + imap + " " + clients + " " + seconds);
                base = timed(job + " " + baseline + " " + clients + " " + seconds);
            }
            results.add(new Timed[] {ours, base});
        }
        results.sort(Comparator.comparingDouble(t -> t[0].perSecond() / t[1].perSecond()));
        Timed[] median = results.get(results.size() / 2);
        Timed ours = median[0];
        Timed base = median[1];
        System.out.printf("| %d | %,.0f | %.2f | %.2f | %.0f | %,.0f | %.2f / %.2f | %.0f | %.2f; %.1f |%n", clients,
                ours.perSecond(), ours.p50Micros() / 1e3, ours.p99Micros() / 1e3, ours.serverCpuMicrosPerOp(),
                base.perSecond(), base.p50Micros() / 1e3, base.p99Micros() / 1e3, base.serverCpuMicrosPerOp(),
                ours.perSecond() / base.perSecond(), ours.serverCpuMicrosPerOp() / base.serverCpuMicrosPerOp());
        String what = job.equals("mix") ? "command mix, " + clients + " clients" : "reconnecting logins, " + clients + " clients";
        String target = job.equals("mix") ? (clients == 10 ? ">= 3,600 ops/s" : "") : ">= 100 logins/s";
        summary.add(what, String.format("%,.0f/s, p99 %.1f ms = %.2f x baseline (our responses replayed from memory)",
                ours.perSecond(), ours.p99Micros() / 1e3, ours.perSecond() / base.perSecond()), target,
                target.isEmpty() ? null : ours.perSecond() >= (job.equals("mix") ? 3600 : 100));
        return median;
    }

    private void firstLogins(int imap) throws IOException {
        PasswordHasher hasher = new PasswordHasher();
        char[] password = BenchData.PASSWORD.toCharArray();
        String stored = hasher.hash(password);
        long[] direct = new long[3];
        for (int i = 0; i < direct.length; i++) {
            // A new hasher each time: its cache must not answer.
            PasswordHasher cold = new PasswordHasher();
            long t0 = System.nanoTime();
            if (!cold.verify(password, stored)) {
                throw new IllegalStateException("the password did not verify");
            }
            direct[i] = System.nanoTime() - t0;
        }
        Arrays.sort(direct);
        Timed first = timed("first " + imap);
        double perLogin = first.nanos() / 1e6 / first.operations();
        System.out.printf("%nfirst login of a user (cache cold, one after the other): %.0f ms per login (%.1f logins/s),"
                        + " p99 %.0f ms; one PBKDF2 verification called directly: %.0f ms; ratio %.2f%n",
                perLogin, first.perSecond(), first.p99Micros() / 1e3, direct[1] / 1e6, perLogin / (direct[1] / 1e6));
    }

    /**
     * SELECT and {@code UID FETCH 1:* (FLAGS)} over TLS, against the two store calls SELECT needs
     * made directly: the listing ({@code messages}) and the counts ({@code status}).
     */
    private void largeMailbox(int imap, MailStore store) throws IOException {
        int repeat = 5;
        MailboxId inbox = store.mailbox(BenchData.LARGE_USER, MailStore.INBOX).orElseThrow().id();
        long[] listing = new long[repeat];
        long[] status = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            int n = store.messages(inbox).size();
            long t1 = System.nanoTime();
            store.status(inbox);
            status[i] = System.nanoTime() - t1;
            listing[i] = t1 - t0;
            if (n != BenchData.LARGE_MESSAGES) {
                throw new IllegalStateException("the large mailbox has " + n + " messages");
            }
        }
        Arrays.sort(listing);
        Arrays.sort(status);
        String[] w = job("large " + imap + " " + repeat).split(" ");
        double select = Long.parseLong(w[1]) / 1e6;
        double fetch = Long.parseLong(w[3]) / 1e6;
        double direct = (listing[repeat / 2] + status[repeat / 2]) / 1e6;
        System.out.printf("%n100,000 messages (median of %d; best in brackets): SELECT %.0f ms (%.0f), "
                        + "UID FETCH 1:* (FLAGS) %.0f ms (%.0f); called directly: MailStore.messages %.0f ms (%.0f),"
                        + " MailStore.status %.0f ms (%.0f); ratios to both together %.2f and %.2f%n", repeat, select,
                Long.parseLong(w[2]) / 1e6, fetch, Long.parseLong(w[4]) / 1e6, listing[repeat / 2] / 1e6,
                listing[0] / 1e6, status[repeat / 2] / 1e6, status[0] / 1e6, select / direct, fetch / direct);
        summary.add("SELECT of 100,000 messages, median", String.format("%.0f ms = %.2f x the store's calls direct",
                select, select / direct), "<= 200 ms", select <= 200);
        summary.add("UID FETCH 1:* (FLAGS) of 100,000 messages, median", String.format(
                "%.0f ms = %.2f x the store's calls direct", fetch, fetch / direct), "<= 1 s", fetch <= 1000);
    }

    /**
     * The server's heap after GC without sessions, with 200 idle ones, and without again: the
     * two empty readings bracket what the sessions hold, whatever caches settled meanwhile.
     */
    private void idleHeap(int imap) throws IOException {
        // A first round unmeasured: what the first sessions load once (classes, caches) is not per session.
        idleSessions(imap);
        long before = usedHeapAfterGc();
        long with = idleSessions(imap);
        long after = usedHeapAfterGc();
        long empty = Math.max(before, after);
        System.out.printf("%nheap after GC: %.1f MB with no session, %.1f MB with %d sessions logged in, INBOX selected,"
                        + " in IDLE, %.1f MB once they left (%.1f KB per session); ratio %.2f; limit -Xmx %d MB%n",
                before / 1048576.0, with / 1048576.0, IDLE_SESSIONS, after / 1048576.0,
                (with - empty) / 1024.0 / IDLE_SESSIONS, (double) with / empty, Runtime.getRuntime().maxMemory() >> 20);
        summary.add("heap after GC with " + IDLE_SESSIONS + " idle sessions", String.format(
                "%.1f MB = %.2f x without them", with / 1048576.0, (double) with / empty), "<= 256 MB", with <= 256L << 20);
    }

    /** Opens the idle sessions, reads the heap after GC with them open, closes them. */
    private long idleSessions(int imap) throws IOException {
        toClient.println("idle " + imap + " " + IDLE_SESSIONS);
        String ready = fromClient.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("the client said " + ready);
        }
        long with = usedHeapAfterGc();
        toClient.println("release");
        String done = fromClient.readLine();
        if (done == null || !done.startsWith("done")) {
            throw new IOException("the client said " + done);
        }
        return with;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                // Sessions closing, listeners unregistering: let the server's threads finish first.
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private Timed timed(String job) throws IOException {
        long cpu = os.getProcessCpuTime();
        String[] w = job(job).split(" ");
        long serverCpu = os.getProcessCpuTime() - cpu;
        return new Timed(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]),
                Long.parseLong(w[5]), serverCpu, String.join(" ", Arrays.asList(w).subList(6, w.length)));
    }

    private String job(String job) throws IOException {
        toClient.println(job);
        String reply = fromClient.readLine();
        if (reply == null || !reply.startsWith("done ")) {
            throw new IOException("the client said " + reply + " to " + job);
        }
        return reply;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
