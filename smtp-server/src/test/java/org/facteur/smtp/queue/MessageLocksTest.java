package org.facteur.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MessageLocksTest {

    private final MessageLocks locks = new MessageLocks();

    @Test
    @Timeout(30)
    void oneIdIsHeldByOneThreadAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] done = new Future<?>[8];
            for (int t = 0; t < done.length; t++) {
                done[t] = pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        MessageLocks.Held held = locks.lock("Q1");
                        try {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            Thread.yield();
                            inside.decrementAndGet();
                        } finally {
                            held.release();
                        }
                    }
                });
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(locks.size()).as("no entry left once nobody holds or waits").isZero();
    }

    @Test
    @Timeout(30)
    void differentIdsNeverWaitForEachOther() throws Exception {
        MessageLocks.Held first = locks.lock("Q1");
        CountDownLatch got = new CountDownLatch(1000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> {
                // With 64 hashed stripes, one of 1,000 other ids would have shared Q1's.
                for (int i = 0; i < 1000; i++) {
                    MessageLocks.Held other = locks.lock("OTHER" + i);
                    other.release();
                    got.countDown();
                }
            });
            assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.release();
            pool.shutdownNow();
        }
        assertThat(locks.size()).isZero();
    }
}
