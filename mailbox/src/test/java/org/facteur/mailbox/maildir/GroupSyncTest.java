package org.facteur.mailbox.maildir;

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
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class GroupSyncTest {

    @TempDir
    Path dir;

    /** A lost wake-up or a batch nobody syncs would hang a writer: every request must be answered. */
    @Test
    @Timeout(60)
    void concurrentRequestsAreAllAnswered() throws Exception {
        AtomicInteger fsyncs = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            fsyncs.incrementAndGet();
            return dir;
        });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        sync.await(sync.request());
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
        assertThat(fsyncs.get()).as("one fsync per batch, at most one per request").isBetween(1, 16 * 20);
    }

    @Test
    void aFailedFsyncFailsItsWaitersAndTheNextOneWorks() throws Exception {
        AtomicReference<Path> target = new AtomicReference<>(dir.resolve("gone"));
        GroupSync sync = new GroupSync(target::get);

        assertThatThrownBy(() -> sync.await(sync.request())).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot sync");
        target.set(Files.createDirectories(dir.resolve("back")));
        sync.await(sync.request());
    }
}
