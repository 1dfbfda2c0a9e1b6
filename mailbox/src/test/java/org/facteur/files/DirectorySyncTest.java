package org.facteur.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DirectorySyncTest {

    @TempDir
    Path dir;

    /**
     * Every caller returns (no lost wake-up), only after an fsync that began after its call (else
     * its rename might not be covered), and concurrent callers share fsyncs.
     */
    @Test
    @Timeout(60)
    void concurrentCallersShareFsyncsThatBeganAfterTheirCall() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicLong lastCompletedStart = new AtomicLong(-1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger fsyncs = new AtomicInteger();
        DirectorySync sync = new DirectorySync(dir, d -> {
            long start = clock.incrementAndGet();
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            fsyncs.incrementAndGet();
            sleep(2);
            running.decrementAndGet();
            lastCompletedStart.set(start);
        });
        int threads = 16;
        int calls = 30;
        AtomicInteger early = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        long called = clock.incrementAndGet();
                        sync.sync();
                        if (lastCompletedStart.get() < called) {
                            early.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(early).as("callers answered by an fsync that began before their call").hasValue(0);
        assertThat(overlaps).as("one fsync at a time").hasValue(0);
        assertThat(fsyncs.get()).as("fsyncs shared by concurrent callers").isLessThan(threads * calls / 2);
    }

    @Test
    void aFailedFsyncFailsItsCallersAndTheNextOneWorks() throws Exception {
        AtomicInteger n = new AtomicInteger();
        DirectorySync sync = new DirectorySync(dir, d -> {
            if (n.incrementAndGet() == 1) {
                throw new IOException("Input/output error");
            }
        });
        assertThatThrownBy(sync::sync).isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
        sync.sync();
        assertThat(n).hasValue(2);
    }

    @Test
    void theRealFsyncOfAMissingDirectoryFails() {
        DirectorySync sync = new DirectorySync(dir.resolve("gone"));
        assertThatThrownBy(sync::sync).isInstanceOf(IOException.class).hasMessageContaining("cannot sync");
    }

    /** A store folder can be renamed between two appends: each fsync asks for the current path. */
    @Test
    void aMovableDirectoryIsSyncedWhereItIsNow() throws Exception {
        AtomicReference<Path> where = new AtomicReference<>(dir.resolve("old"));
        DirectorySync sync = new DirectorySync(where::get);
        assertThatThrownBy(sync::sync).isInstanceOf(IOException.class).hasMessageContaining("old");
        where.set(Files.createDirectories(dir.resolve("new")));
        sync.sync();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
