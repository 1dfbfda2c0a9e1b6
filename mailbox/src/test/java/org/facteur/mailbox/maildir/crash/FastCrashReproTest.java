package org.facteur.mailbox.maildir.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fast, targeted variant of {@link MaildirCrashTest} for hunting store bugs between a stale index
 * and the files: children live only a short time after recovery (so most of what they did is in the
 * part of the index that H2 loses at the kill), moves, expunges and flag changes are frequent, and
 * the store is audited after every few recoveries. Run on demand:
 * {@code mvn -pl mailbox test -Dtest=FastCrashReproTest -Drepro=true -Drepro.kills=300}.
 */
@EnabledIfSystemProperty(named = "repro", matches = "true")
class FastCrashReproTest {

    @TempDir
    Path work;

    private static int prop(String name, int def) {
        return Integer.getInteger("repro." + name, def);
    }

    @Test
    void shortLivedChildrenWithFrequentMovesFlagsAndExpunges() throws Exception {
        int kills = prop("kills", 200);
        int lanes = prop("lanes", 2);
        int opPercent = prop("ops", 40);
        int auditEvery = prop("auditEvery", 1);
        int minMs = prop("minMs", 50);
        int maxMs = prop("maxMs", 300);
        String[] threads = System.getProperty("repro.threads", "1,4").split(",");
        long seconds = prop("seconds", 240);
        ChildJvm jvm = ChildJvm.prepare(work.resolve("jvm"));
        // record the class archive once, with a clean run of the ordinary child
        ChildRun first = ChildRun.start(jvm.record(CrashChild.class, work.resolve("warm").toString(), "0", "1", "20"),
                work.resolve("warm.log"), l -> { });
        assertThat(first.await()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long seed = Long.getLong("repro.seed", System.nanoTime());
        List<String> failures = new ArrayList<>();
        int[] done = new int[lanes];
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            int lane = i;
            int writers = Integer.parseInt(threads[i % threads.length].trim());
            Random random = new Random(seed + i);
            running.add(pool.submit(() -> {
                Path dataDir = work.resolve("lane" + lane);
                Path lines = work.resolve("lane" + lane + "-lines.log");
                Path log = work.resolve("lane" + lane + "-children.log");
                Ledger ledger = new Ledger();
                for (int k = 1; k <= kills / lanes && System.nanoTime() < deadline; k++) {
                    ledger.childStarting();
                    String prefix = "c" + k + " ";
                    ChildRun child = ChildRun.start(jvm.command(CrashChild.class, dataDir.toString(),
                            String.valueOf(k * 1_000_000L), String.valueOf(writers), "-", String.valueOf(opPercent)), log,
                            line -> {
                                append(lines, prefix + line);
                                ledger.accept(line);
                            });
                    if (random.nextInt(6) == 0) {
                        Thread.sleep(random.nextInt(900));
                    } else {
                        if (!child.awaitReady(60_000)) {
                            child.kill();
                            String kept = keep(dataDir, lines, log, lane, k);
                            synchronized (failures) {
                                failures.add("lane " + lane + " kill " + k + ": child not ready in 60 s\n" + kept);
                            }
                            return null;
                        }
                        Thread.sleep(minMs + random.nextInt(Math.max(1, maxMs - minMs)));
                    }
                    child.kill();
                    Files.deleteIfExists(dataDir.resolve("index").resolve("facteur.lock.db"));
                    done[lane] = k;
                    if (!ledger.violations().isEmpty()) {
                        String kept = keep(dataDir, lines, log, lane, k);
                        synchronized (failures) {
                            failures.add("lane " + lane + " (" + writers + " writers) kill " + k + ": "
                                    + ledger.violations() + "\n" + kept);
                        }
                        return null;
                    }
                    if (k % auditEvery == 0 && Files.isDirectory(dataDir.resolve("mail"))) {
                        append(lines, "AUDIT after kill " + k);
                        StoreAudit.Result audit = StoreAudit.run(dataDir, ledger);
                        if (!audit.problems().isEmpty()) {
                            String kept = keep(dataDir, lines, log, lane, k);
                            synchronized (failures) {
                                failures.add("lane " + lane + " (" + writers + " writers) kill " + k + ": "
                                        + audit.problems() + "\n" + kept);
                            }
                            return null;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdownNow();
        int total = 0;
        for (int d : done) {
            total += d;
        }
        System.out.printf("fast crash repro: %d kills, lanes %d, threads %s, ops %d%%, seed %d%n", total, lanes,
                String.join(",", threads), opPercent, seed);
        assertThat(failures).isEmpty();
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String keep(Path dataDir, Path lines, Path log, int lane, int kill) {
        try {
            Path to = Path.of("/tmp", "crashrepro-" + ProcessHandle.current().pid() + "-lane" + lane + "-kill" + kill);
            try (var walk = Files.walk(dataDir)) {
                for (Path p : walk.toList()) {
                    Path target = to.resolve("data").resolve(dataDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            Files.copy(lines, to.resolve("lines.log"));
            if (Files.exists(log)) {
                Files.copy(log, to.resolve("children.log"));
            }
            return "kept in " + to;
        } catch (IOException e) {
            return "cannot keep: " + e;
        }
    }
}
