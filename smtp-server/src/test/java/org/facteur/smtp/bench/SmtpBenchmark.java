package org.facteur.smtp.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.bench.ChildJvm;
import org.facteur.mailbox.bench.ResultTable;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.smtp.TestMx;
import org.slf4j.LoggerFactory;

import jdk.jfr.Recording;

/**
 * Issue 3's benchmark (item 8), not a unit test: the real reception server (TestMx: directory,
 * Maildir store, queue, queue runner, listener on a loopback port, all in a temp data dir) driven
 * by real SMTP sessions over sockets, each sending 5 KB messages one after another to its own
 * user. Figures, in one table:
 * <ul>
 * <li>messages/s accepted and delivered into the INBOXes with 1, 10 and 50 concurrent sessions,
 * beside the store's own durable append rate measured in the same run, in the server's store and
 * into the INBOXes SMTP delivered to ({@link #baseline}): 1 and 16 writers into one mailbox (the
 * issue's baseline), and 16 writers into 16 mailboxes, closer to what SMTP does (each session
 * here writes to its own user);</li>
 * <li>p50/p99 from the {@code 250} after DATA to the message being visible in the INBOX (the
 * store's append event) at 10 sessions;</li>
 * <li>peak heap while 10 sessions each send a 25 MB message at once (run with -Xmx256m);</li>
 * <li>beside each rate, the CPU time this JVM (the server alone: the clients run in a child JVM,
 * {@link SmtpBenchClient}) spent per message, user and system; at 50 sessions, that CPU beyond
 * the store's append and what the 70% target would leave for it ({@link #cpuBudget});</li>
 * <li>a ceiling at 50 sessions ({@link #floor}): what the sessions alone cost, against a
 * {@link SinkServer} that only answers, plus the store's append, on these cores.</li>
 * </ul>
 * The 70% is not judged against a baseline slowed by file creation ({@link #SLOWED_BASELINE_SHARE}).
 * Run with {@code mvn -q -o -pl smtp-server -am -Pbench test-compile} (see README.md). System
 * properties: {@code bench.dir} (default {@code target}), {@code bench.seconds} (per baseline
 * figure, default 5), {@code bench.warmup_seconds} (the warm-up's cap, default 180: see {@link #warmUp}),
 * {@code bench.io_threads} (the listener's Netty I/O threads), {@code bench.jfr}
 * (a file: a flight recording of the 50-session phase alone, execution samples every
 * {@code bench.jfr_period} ms, default 2; the pom starts the JVM with a stack depth of 256),
 * {@code bench.perf} (a file: {@code perf record} of this JVM during the 50-session phase, see
 * {@link PerfRecord}), {@code bench.profile_sessions} (the phase that those two record instead:
 * 1 or 10).
 */
public final class SmtpBenchmark {

    /** Appends made by the store baseline, to divide its CPU time by. */
    private static final AtomicLong APPENDS = new AtomicLong();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    private static final RuntimeMXBean UPTIME = ManagementFactory.getRuntimeMXBean();
    private static final int USERS = 50;
    /** Written when a run has deleted its data directory ({@link #recentCleanUp}). */
    private static final String CLEAN_UP_STAMP = "smtp-bench-cleaned-up";
    /** How long ext4 without a journal avoids a deleted inode at most (fs/ext4/ialloc.c: 60 + 300 s). */
    private static final long RECENTLY_DELETED_SECONDS = 360;
    /**
     * A one-mailbox baseline below this share of the 16-mailbox rate was slowed by file creation
     * near recently deleted inodes in its folder, and the 70% is not judged against it: in
     * sessions 10 and 11 such runs gave 0.27-0.56 of it, the others 0.73-1.58.
     */
    private static final double SLOWED_BASELINE_SHARE = 0.6;
    private static final int[][] SHAPES = {{1, 200}, {10, 50}, {50, 40}};
    /** The sink's measured run ({@link #floor}): sessions, messages each. */
    private static final int[] FLOOR_SHAPE = {50, 200};
    private static final int FLOOR_WARMUP_ROUNDS = 20;
    /** A warm-up round is calm when the JIT's time grew by less than this share of its wall time. */
    private static final double CALM_JIT_SHARE = 0.02;
    /** Calm rounds in a row that end the warm-up. */
    private static final int CALM_ROUNDS = 3;
    /**
     * Sessions the warm-up opens at least. Code run once per connection (James's channelActive
     * and greeting, the session's set-up) reaches C2's thresholds last: after 4,700 sessions and
     * calm rounds, the 50-session phase still spent 0.8 s compiling channelActive (2026-11-26).
     */
    private static final int MIN_WARMUP_SESSIONS = 12_000;

    private final int port;
    private final InboxWatch[] inboxes;
    private final PrintWriter toClient;
    private final BufferedReader fromClient;

    private SmtpBenchmark(int port, InboxWatch[] inboxes, Process client) {
        this.port = port;
        this.inboxes = inboxes;
        toClient = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            measure();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // James 3.8.1's NettyServer leaves non-daemon threads behind after unbind.
        System.exit(status);
    }

    private static void measure() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.facteur.smtp"))
                .setLevel(ch.qos.logback.classic.Level.WARN); // a log line per message would measure the console
        Path benchDir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target")));
        String cleanUpWarning = recentCleanUp(benchDir);
        System.err.print(cleanUpWarning);
        Path work = Files.createTempDirectory(benchDir, "smtp-bench-");
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "5"));
        Integer ioThreads = Integer.getInteger("bench.io_threads");
        ResultTable table = new ResultTable("smtp");
        try {
            byte[] message = SmtpBenchClient.message();
            // SMTP first, the store's baseline right after: the verdict divides one by the other,
            // and this machine's speed drifts (neighbours, disk) over the minutes the warm-up takes.
            Phases smtp;
            Baseline baseline;
            try (TestMx mx = new TestMx(work.resolve("mx"), s -> {
                s = s.connectionLimits(0, 0);
                return ioThreads == null ? s : s.ioThreads(ioThreads);
            })) {
                InboxWatch[] inboxes = new InboxWatch[USERS];
                for (int u = 0; u < USERS; u++) {
                    mx.directory.addUser(user(u), "secret".toCharArray());
                    inboxes[u] = new InboxWatch(mx.store, user(u));
                }
                Process client = ChildJvm.start("256m", SmtpBenchClient.class);
                try {
                    smtp = new SmtpBenchmark(mx.port(), inboxes, client).phases();
                } finally {
                    client.getOutputStream().close();
                    client.waitFor();
                }
                for (InboxWatch w : inboxes) {
                    w.close();
                }
                baseline = baseline(table, mx.store, message, seconds);
            }
            smtp.report(table, baseline.oneMailbox(), baseline.sixteenMailboxes());
        } finally {
            deleteTree(work);
            Files.writeString(benchDir.resolve(CLEAN_UP_STAMP), ""); // its time is what counts
        }
        print(table, ioThreads);
        System.err.print(cleanUpWarning); // again, beside the table it concerns
    }

    /** The store's 16-writer rates: into one mailbox (the baseline), into 16. */
    private record Baseline(StoreRate oneMailbox, StoreRate sixteenMailboxes) {
    }

    /**
     * The store's own append rates, in the server's store and into the INBOXes SMTP delivered to
     * (since session 10): on this disk (ext4 without a journal) creating a file costs 2-4 times
     * more in a block group where many inodes were deleted in the last 60-360 s (the kernel's
     * {@code recently_deleted}: 62% of a lone writer's CPU in {@code __ext4_new_inode}, perf,
     * 2026-11-26), such as the previous run's clean-up. A fresh store's directories land in
     * other block groups than the SMTP users' did, so one side could pay that and the other not:
     * the verdict then followed where the directories landed.
     */
    private static Baseline baseline(ResultTable table, MaildirStore store, byte[] message, double seconds)
            throws InterruptedException {
        MailboxId[] inboxes = new MailboxId[16];
        for (int i = 0; i < inboxes.length; i++) {
            inboxes[i] = store.mailbox(user(i), MailStore.INBOX).orElseThrow().id();
        }
        MailboxId[] one = {inboxes[0]};
        appendsPerSecond(store, inboxes, message, 4, 1); // warm-up
        StoreRate store1 = storeRow(table, "store: durable append 5 KB, 1 writer", "",
                () -> appendsPerSecond(store, one, message, 1, seconds));
        StoreRate store16 = storeRow(table, "store: durable append 5 KB, 16 writers, one mailbox", "(baseline)",
                () -> appendsPerSecond(store, one, message, 16, seconds));
        StoreRate store16Boxes = storeRow(table, "store: same, 16 writers into 16 mailboxes", "",
                () -> appendsPerSecond(store, inboxes, message, 16, seconds));
        double[] single = appendMillis(store, inboxes[0], message, 200);
        table.add("store: one durable append 5 KB alone, p50 / p99", ms(single[0]) + " / " + ms(single[1]),
                "(latency baseline)", null);
        System.err.printf("store: %.0f/s with 1 writer, %.0f/s with 16, %.0f/s into 16 mailboxes%n",
                store1.perSecond(), store16.perSecond(), store16Boxes.perSecond());
        return new Baseline(store16, store16Boxes);
    }

    private interface Rate {
        double measure() throws InterruptedException;
    }

    /** A store rate and this JVM's CPU per append without the JIT's threads (µs). */
    private record StoreRate(double perSecond, double cpuMicros) {
    }

    /** Measures a store rate, adds its row with this JVM's CPU per append beside it. */
    private static StoreRate storeRow(ResultTable table, String measure, String target, Rate rate)
            throws InterruptedException {
        ProcessCpu before = ProcessCpu.now();
        long appendsBefore = APPENDS.get();
        double perSecond = rate.measure();
        ProcessCpu after = ProcessCpu.now();
        int appends = (int) (APPENDS.get() - appendsBefore);
        table.add(measure, perSecond(perSecond) + ", CPU per append " + after.perMessageSince(before, appends),
                target, null);
        return new StoreRate(perSecond, after.microsWithoutJitSince(before, appends));
    }

    /** What {@link #phases} measured, reported once the store's baseline is known. */
    private record Phases(WarmUp warmUp, List<Sample> samples, Floor floor, long largeNanos, long peakHeap) {

        void report(ResultTable table, StoreRate store16, StoreRate store16Boxes) {
            System.err.printf("warm-up: %.1f s, %d rounds, %s (the last: JIT %d ms in %d ms)%n", warmUp.nanos() / 1e9,
                    warmUp.rounds(), warmUp.calm() ? "the JIT nearly idle"
                            : "STOPPED BY bench.warmup_seconds, the JIT still busy", warmUp.lastJitMillis(),
                    warmUp.lastWallMillis());
            for (Sample sample : samples) {
                SmtpBenchmark.report(table, sample, store16, store16Boxes);
            }
            table.add(String.format("ceiling at 50 sessions: a sink's sessions (%d x %d) + the store's append",
                    FLOOR_SHAPE[0], FLOOR_SHAPE[1]), floor.describe(store16.perSecond(), store16Boxes.cpuMicros()),
                    "", null);
            long max = Runtime.getRuntime().maxMemory();
            table.add(String.format("10 sessions x 25 MB at once, all delivered in %.1f s: peak heap", largeNanos / 1e9),
                    (peakHeap >> 20) + " MB of -Xmx " + (max >> 20) + " MB", "<= 256 MB",
                    peakHeap <= 256L << 20 && max <= 256L << 20);
        }
    }

    private Phases phases() throws Exception {
        WarmUp warmUp = warmUp();
        // Measured first, reported after: formatting and printing between phases fed the JIT's
        // profiles of JDK code that the server shares (streams, java.time's printers, regexes),
        // and the next phase then spent 1-2.5 s recompiling the store's commit and the queue's
        // envelope writer (-XX:+LogCompilation, 2026-11-26). Between phases the code now runs
        // what the warm-up ran between its rounds, nothing more.
        List<Sample> samples = new ArrayList<>();
        int profiled = Integer.getInteger("bench.profile_sessions", 50);
        for (int[] shape : SHAPES) {
            // A short unmeasured run of the same shape first: after a warm-up judged done, the
            // 10- and 50-session phases still compiled for 0.7-1.9 s each when they followed
            // another shape directly (2026-11-26).
            sample(shape[0], 10, false);
            samples.add(sample(shape[0], shape[1], shape[0] == profiled));
        }
        Floor floor = floor();
        resetPeaks();
        long t0 = System.nanoTime();
        runLarge(10);
        return new Phases(warmUp, samples, floor, System.nanoTime() - t0, peakHeap());
    }

    /**
     * What a {@link SinkServer} cost per message at 50 sessions, without the JIT's threads: this
     * JVM (the sink; the mail server idles meanwhile) and the clients.
     */
    private record Floor(double sinkMicros, double clientMicros) {

        /**
         * The most messages/s any server could deliver on these cores, paying the sessions as the
         * sink does and the store's append ({@code appendMicros}) and nothing else (no parsing,
         * no queue, no fsync of its own), as a share of the baseline.
         */
        String describe(double baseline, double appendMicros) {
            int cores = Runtime.getRuntime().availableProcessors();
            double ceiling = cores * 1e6 / (sinkMicros + clientMicros + appendMicros);
            return String.format("%.0f/s = %.0f%% of baseline (%d cores / (sink %.0f + clients %.0f + append %.0f µs"
                    + " a message))", ceiling, 100 * ceiling / baseline, cores, sinkMicros, clientMicros, appendMicros);
        }
    }

    /**
     * The sessions' own cost ({@link SinkServer}): the same clients, 50 sessions, against a server
     * that only answers. Warmed up first like the phases, then measured over {@link #FLOOR_SHAPE}.
     */
    private Floor floor() throws Exception {
        try (SinkServer sink = new SinkServer()) {
            for (int round = 0; round < FLOOR_WARMUP_ROUNDS; round++) {
                send(sink.port(), FLOOR_SHAPE[0], 40);
            }
            ProcessCpu before = ProcessCpu.now();
            String[] answer = send(sink.port(), FLOOR_SHAPE[0], FLOOR_SHAPE[1]);
            ProcessCpu after = ProcessCpu.now();
            int messages = FLOOR_SHAPE[0] * FLOOR_SHAPE[1];
            return new Floor(after.microsWithoutJitSince(before, messages), Long.parseLong(answer[2]) / 1e3 / messages);
        }
    }

    /** How the warm-up went, printed with the phases' figures. */
    private record WarmUp(long nanos, int rounds, boolean calm, long lastJitMillis, long lastWallMillis) {
    }

    /** One measured run and what the server's JVM spent on it; nothing formatted yet. */
    private record Sample(int sessions, int count, Phase phase, ProcessCpu before, ProcessCpu after, long jitMillis,
                          long fromMillis, long toMillis, long fromUptime, long toUptime) {
    }

    /** {@code sessions} sessions of {@code count} messages; with {@code profile}, under perf or JFR if asked. */
    private Sample sample(int sessions, int count, boolean profile) throws Exception {
        long fromMillis = System.currentTimeMillis();
        long fromUptime = UPTIME.getUptime();
        ProcessCpu before = ProcessCpu.now();
        long jitBefore = JIT.getTotalCompilationTime();
        String jfr = System.getProperty("bench.jfr", "");
        String perf = System.getProperty("bench.perf", "");
        Phase p;
        try (PerfRecord recording = profile && !perf.isBlank() ? PerfRecord.start(Path.of(perf)) : null) {
            p = run(sessions, count, profile && !jfr.isBlank() ? jfr : null);
        }
        ProcessCpu after = ProcessCpu.now();
        return new Sample(sessions, count, p, before, after, JIT.getTotalCompilationTime() - jitBefore, fromMillis,
                System.currentTimeMillis(), fromUptime, UPTIME.getUptime());
    }

    private static void report(ResultTable table, Sample sample, StoreRate store16, StoreRate store16Boxes) {
        int sessions = sample.sessions();
        Phase p = sample.phase();
        String cpu = sample.after().perMessageSince(sample.before(), p.accepted.length)
                + String.format(", JIT %d ms in all", sample.jitMillis());
        double delivered = p.deliveredPerSecond();
        // The phase's window, by the clock and by the JVM's uptime (-Xlog's unit), to find it in
        // a flight recording, a perf record or a JIT log of the run.
        System.err.printf("%d sessions: %.0f/s accepted, %.0f/s delivered, server CPU per message %s,"
                        + " clients' %.0f µs (%s-%s UTC, uptime %.3f-%.3f s)%n", sessions, p.acceptedPerSecond(), delivered,
                cpu, p.clientCpuNanos / 1e3 / p.accepted.length, clock(sample.fromMillis()), clock(sample.toMillis()),
                sample.fromUptime() / 1e3, sample.toUptime() / 1e3);
        String target = sessions == 50 ? ">= 70% of baseline" : "";
        String plural = sessions == 1 ? "" : "s";
        table.add(String.format("SMTP %d session%s x %d, accepted", sessions, plural, sample.count()),
                perSecond(p.acceptedPerSecond()), "", null);
        double baselineShare = store16.perSecond() / store16Boxes.perSecond();
        boolean judged = sessions == 50 && baselineShare >= SLOWED_BASELINE_SHARE;
        table.add(String.format("SMTP %d session%s, delivered into INBOX", sessions, plural), perSecond(delivered)
                + String.format(" = %.0f%% of baseline, %.0f%% of 16 mailboxes", 100 * delivered / store16.perSecond(),
                100 * delivered / store16Boxes.perSecond())
                + (sessions == 50 && !judged ? String.format("; not judged: the baseline ran at %.0f%% of the 16-mailbox"
                + " rate, slowed by file creation in its folder", 100 * baselineShare) : ""), target,
                judged ? delivered >= 0.7 * store16.perSecond() : null);
        table.add(String.format("SMTP %d session%s, server CPU per message", sessions, plural), cpu, "", null);
        if (sessions == 50) {
            table.add("SMTP 50 sessions, CPU per message beyond the store's append",
                    cpuBudget(sample, store16.perSecond(), store16Boxes.cpuMicros()), "", null);
        }
        if (sessions == 10) {
            double p50 = p.latencyMillis(0.50);
            double p99 = p.latencyMillis(0.99);
            table.add("250 to visible in INBOX at 10 sessions, p50", ms(p50), "", null);
            table.add("250 to visible in INBOX at 10 sessions, p99", ms(p99), "<= 50 ms", p99 <= 50);
        }
    }

    /**
     * What the 70% target leaves SMTP once the store's append is paid for, beside what SMTP
     * spends: with the clients on the same cores and the phase CPU-bound, the phase reaches 70%
     * of the baseline only if everything a message costs (server and clients) fits in
     * {@code cores / (0.7 x baseline)}. The append is the 16-mailbox one (SMTP's appends go to
     * many mailboxes); all figures without the JIT's threads.
     */
    private static String cpuBudget(Sample sample, double baseline, double appendMicros) {
        Phase p = sample.phase();
        int cores = Runtime.getRuntime().availableProcessors();
        double server = sample.after().microsWithoutJitSince(sample.before(), p.accepted.length);
        double clients = p.clientCpuNanos / 1e3 / p.accepted.length;
        double allowed = cores * 1e6 / (0.7 * baseline);
        return String.format("%.0f µs (server %.0f - append %.0f); the 70%% leaves %.0f µs"
                        + " (%d cores / (0.7 x %.0f/s) = %.0f µs a message, less the clients' %.0f and the append)",
                server - appendMicros, server, appendMicros, allowed - clients - appendMicros, cores, baseline, allowed,
                clients);
    }

    /**
     * Warm-up until the JIT is done with the server's path (James, Netty, H2, the store, ours):
     * rounds of 1, 10 and 50 sessions (each phase's code paths: a lone commit is not a crowded
     * one; with 10 and 50 alone the 10- and 50-session phases still compiled for 1.2 s each after
     * the 1-session phase, 2026-11-26) until, for {@link #CALM_ROUNDS} rounds in a row, the
     * compilers' time grew by less than {@link #CALM_JIT_SHARE} of the round's wall time and
     * {@link #MIN_WARMUP_SESSIONS} sessions were run, or
     * until {@code bench.warmup_seconds} (default 180) have passed. A count of rounds was not
     * enough: after 30 rounds the 50-session phase still spent 2 of its 4 s compiling (quiet
     * machine, 2026-11-26), so what it measured was not the steady state.
     */
    private WarmUp warmUp() throws Exception {
        long cap = (long) (Double.parseDouble(System.getProperty("bench.warmup_seconds", "180")) * 1e9);
        long start = System.nanoTime();
        int calm = 0;
        int round = 0;
        int sessions = 0;
        long jitMillis;
        long wallMillis;
        do {
            round++;
            long jit = JIT.getTotalCompilationTime();
            long t0 = System.nanoTime();
            for (int[] shape : SHAPES) {
                sample(shape[0], 10, false);
                sessions += shape[0];
            }
            jitMillis = JIT.getTotalCompilationTime() - jit;
            wallMillis = (System.nanoTime() - t0) / 1_000_000;
            calm = jitMillis < CALM_JIT_SHARE * wallMillis ? calm + 1 : 0;
        } while ((calm < CALM_ROUNDS || sessions < MIN_WARMUP_SESSIONS) && System.nanoTime() - start < cap);
        return new WarmUp(System.nanoTime() - start, round, calm >= CALM_ROUNDS, jitMillis, wallMillis);
    }

    /** A phase's timings: its start, each message's 250 and arrival (nanoTime), the clients' CPU. */
    private record Phase(long start, long[] accepted, long[] arrived, long clientCpuNanos) {

        double acceptedPerSecond() {
            return accepted.length * 1e9 / (Arrays.stream(accepted).max().orElseThrow() - start);
        }

        double deliveredPerSecond() {
            return arrived.length * 1e9 / (Arrays.stream(arrived).max().orElseThrow() - start);
        }

        /** Delivery may beat the client's reading of the 250: that counts as 0. */
        double latencyMillis(double quantile) {
            long[] l = new long[accepted.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = Math.max(0, arrived[i] - accepted[i]);
            }
            Arrays.sort(l);
            return l[Math.min(l.length - 1, (int) Math.ceil(quantile * l.length) - 1)] / 1e6;
        }
    }

    /**
     * {@code sessions} sessions of the client JVM, session s sending {@code count} messages to
     * user s; returns once all are in their INBOXes. With {@code jfr}, records the phase there.
     */
    private Phase run(int sessions, int count, String jfr) throws Exception {
        int[] before = new int[sessions];
        for (int s = 0; s < sessions; s++) {
            before[s] = inboxes[s].count();
        }
        String[] answer;
        try (Recording recording = jfr == null ? null : record()) {
            answer = send(port, sessions, count);
            for (int s = 0; s < sessions; s++) {
                if (!inboxes[s].await(before[s] + count, 60_000)) {
                    throw new IllegalStateException(user(s) + ": only " + (inboxes[s].count() - before[s]) + " of "
                            + count + " messages delivered");
                }
            }
            if (recording != null) {
                recording.dump(Path.of(jfr));
            }
        }
        long[] accepted = new long[sessions * count];
        long[] arrived = new long[accepted.length];
        for (int i = 0; i < accepted.length; i++) {
            accepted[i] = Long.parseLong(answer[3 + i]);
        }
        for (int s = 0; s < sessions; s++) {
            for (int m = 0; m < count; m++) {
                arrived[s * count + m] = inboxes[s].arrival(before[s] + m);
            }
        }
        return new Phase(Long.parseLong(answer[1]), accepted, arrived, Long.parseLong(answer[2]));
    }

    /** Has the clients send {@code count} messages in each of {@code sessions} sessions to {@code port}; their answer. */
    private String[] send(int port, int sessions, int count) throws java.io.IOException {
        toClient.println("run " + port + " " + sessions + " " + count);
        return answer(1 + 1 + 1 + sessions * count);
    }

    /** Execution samples with deep stacks, file and socket I/O of any length. */
    private static Recording record() {
        Recording r = new Recording();
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(Long.getLong("bench.jfr_period", 2)));
        r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(Long.getLong("bench.jfr_period", 2)));
        for (String io : new String[] {"jdk.FileForce", "jdk.FileWrite", "jdk.FileRead", "jdk.SocketRead",
                "jdk.SocketWrite", "jdk.JavaMonitorEnter", "jdk.ThreadPark"}) {
            r.enable(io).withThreshold(Duration.ZERO).withStackTrace();
        }
        r.enable("jdk.ObjectAllocationSample").withStackTrace();
        r.enable("jdk.GarbageCollection");
        for (String jit : new String[] {"jdk.Compilation", "jdk.Deoptimization", "jdk.ClassDefine", "jdk.ClassLoad",
                "jdk.CodeCacheFull", "jdk.CompilationFailure"}) {
            r.enable(jit).withThreshold(Duration.ZERO);
        }
        r.enable("jdk.ThreadCPULoad").withPeriod(Duration.ofSeconds(1));
        r.start();
        return r;
    }

    /** The client's answer line, split; checks it is a {@code done} of {@code words} words. */
    private String[] answer(int words) throws java.io.IOException {
        String line = fromClient.readLine();
        String[] w = line == null ? new String[0] : line.split(" ");
        if (w.length != words || !w[0].equals("done")) {
            throw new IllegalStateException("the client failed (see its stack trace above): "
                    + (line == null ? "no answer" : line.substring(0, Math.min(200, line.length()))));
        }
        return w;
    }

    /** {@code sessions} sessions at once, each sending one 25 MB message; waits for all deliveries. */
    private void runLarge(int sessions) throws Exception {
        int[] before = new int[sessions];
        for (int s = 0; s < sessions; s++) {
            before[s] = inboxes[s].count();
        }
        toClient.println("large " + port + " " + sessions);
        answer(1);
        for (int s = 0; s < sessions; s++) {
            if (!inboxes[s].await(before[s] + 1, 120_000)) {
                throw new IllegalStateException(user(s) + ": the 25 MB message was not delivered");
            }
        }
    }

    /** p50 and p99 of {@code count} appends made one after another, in milliseconds. */
    private static double[] appendMillis(MailStore store, MailboxId inbox, byte[] message, int count) {
        long[] l = new long[count];
        Instant date = Instant.now();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            store.append(inbox, new ByteArrayInputStream(message), Flags.NONE, date);
            l[i] = System.nanoTime() - t0;
        }
        Arrays.sort(l);
        return new double[] {l[count / 2] / 1e6, l[(int) Math.ceil(0.99 * count) - 1] / 1e6};
    }

    /** Writer i appends into {@code inboxes[i % inboxes.length]}. */
    private static double appendsPerSecond(MailStore store, MailboxId[] inboxes, byte[] message, int writers,
                                           double seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Instant date = Instant.now();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < writers; i++) {
            MailboxId inbox = inboxes[i % inboxes.length];
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    store.append(inbox, new ByteArrayInputStream(message), Flags.NONE, date);
                    done.incrementAndGet();
                    APPENDS.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static String clock(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private static String user(int u) {
        return SmtpBenchClient.user(u);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks since {@link #resetPeaks}: an upper bound of the real peak. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void print(ResultTable table, Integer ioThreads) {
        System.out.printf("SMTP server with I/O threads: %s%n",
                ioThreads == null || ioThreads == 0 ? "Netty's default (2 per core)" : ioThreads);
        table.print(System.out);
    }

    private static String perSecond(double rate) {
        return String.format("%.0f/s", rate);
    }

    private static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }

    /**
     * A warning line if the previous run's clean-up (some 200,000 files deleted) was less than
     * {@link #RECENTLY_DELETED_SECONDS} before this run's start, else "": on ext4 without a
     * journal, such as this machine's {@code /}, creating a file skips every inode deleted that
     * recently nearby, and the store's appends cost 2-4 times more CPU where the run's
     * directories land near them (perf, 2026-11-26). The SMTP phases and the baseline may both
     * pay it, not always equally.
     */
    private static String recentCleanUp(Path benchDir) throws java.io.IOException {
        Path stamp = benchDir.resolve(CLEAN_UP_STAMP);
        if (!Files.exists(stamp)) {
            return "";
        }
        long ago = Duration.between(Files.getLastModifiedTime(stamp).toInstant(), Instant.now()).toSeconds();
        if (ago >= RECENTLY_DELETED_SECONDS) {
            return "";
        }
        return String.format("WARNING: this run started %d s after the previous one deleted its files; on a file system"
                + " without a journal (ext4's recently_deleted) creating files near them is slower for up to %d s:"
                + " the store's appends, in the baseline and in SMTP's deliveries, may be slower%n", ago, RECENTLY_DELETED_SECONDS);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
