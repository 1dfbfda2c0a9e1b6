package org.facteur.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the servers' pools the same way everywhere. */
public final class Pools {

    private Pools() {
    }

    /**
     * Lets running tasks finish for up to {@code grace} (a command or a queue commit in progress
     * completes and its client gets the reply), then interrupts what is left.
     */
    public static void stop(ExecutorService pool, Duration grace) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
