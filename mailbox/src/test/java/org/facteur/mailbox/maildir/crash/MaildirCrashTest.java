package org.facteur.mailbox.maildir.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a store process with SIGKILL at random instants while it appends, moves, flags and
 * expunges ({@link CrashChild}), hundreds of times, then proves after recovery that every
 * acknowledged message is there exactly once, intact and where it was last acknowledged, that
 * acknowledged flags and expunges held, that UIDs only went up and never served two messages,
 * that UIDVALIDITY held, and that the index lists exactly the files (DESIGN.md, "Durability";
 * issue 2, item 6).
 *
 * <p>The kills run in {@value #LANES} lanes at once, each a data directory of its own whose
 * children are killed one after the other, so that 200 kills fit in the time bound on two cores:
 * a child JVM needs about 0.8 s of CPU to start and recover, a lane leaves the CPU idle while its
 * child waits on fsync or the parent sleeps towards the kill, and on a shared machine more lanes
 * get their fair share of the CPU.
 */
class MaildirCrashTest {

    private static final int KILLS = 200;
    private static final int LANES = 4;
    /** No child is started after this; the audits of the lanes follow. */
    private static final long TIME_BOUND_SECONDS = 300;
    /** The bound plus the audits, which reopen and read every lane's store (seconds on a loaded machine). */
    private static final long TIMEOUT_SECONDS = TIME_BOUND_SECONDS + 120;

    @TempDir
    Path work;

    @Test
    @Timeout(value = TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void acknowledgedMessagesSurviveKillsExactlyOnce() throws Exception {
        long started = System.nanoTime();
        ChildJvm jvm = ChildJvm.prepare(work.resolve("jvm"));
        List<CrashLane> lanes = new ArrayList<>();
        for (int i = 0; i < LANES; i++) {
            lanes.add(new CrashLane("lane" + i, work.resolve("lane" + i), jvm));
        }
        lanes.get(0).firstCleanRun(200);

        long deadline = started + TimeUnit.SECONDS.toNanos(TIME_BOUND_SECONDS);
        AtomicInteger kills = new AtomicInteger();
        long seed = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(LANES);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < LANES; i++) {
                CrashLane lane = lanes.get(i);
                Random random = new Random(seed + i);
                running.add(pool.submit(() -> {
                    while (kills.get() < KILLS && System.nanoTime() < deadline) {
                        lane.killOne(random);
                        kills.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long killSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        for (CrashLane lane : lanes) {
            StoreAudit.Result audit = StoreAudit.run(lane.dataDir, lane.ledger);
            System.out.printf("crash test %s: %d kills (%d during start-up), start-up and recovery %d ms on average, "
                            + "%d lines, %d messages acknowledged and kept, %d in the store after recovery%n",
                    lane.name, lane.kills(), lane.startupKills(), lane.meanStartupMillis(), lane.ledger.lines(),
                    lane.ledger.acknowledgedCount(), audit.messages());
            assertThat(lane.ledger.violations()).as("%s: seen while the children ran", lane.name).isEmpty();
            String kept = audit.problems().isEmpty() ? "" : lane.preserve(audit.problems());
            assertThat(audit.problems()).as("%s: after the final recovery\n%s\n%s", lane.name, kept, lane.logTail())
                    .isEmpty();
            assertThat(lane.ledger.acknowledgedCount()).as("%s: acknowledged messages", lane.name).isPositive();
        }
        long totalSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf("crash test: %d kills in %d s, %d s in all (seed %d)%n", kills.get(), killSeconds,
                totalSeconds, seed);
        assertThat(kills.get())
                .as("only %d kills within %d s: this machine is too slow to reach %d", kills.get(),
                        TIME_BOUND_SECONDS, KILLS)
                .isGreaterThanOrEqualTo(KILLS);
    }
}
