package org.facteur.distribution.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the server on SIGTERM or SIGINT (the JVM's shutdown hook) within a deadline: services
 * close in reverse order on their own thread; if that takes longer than the deadline the process
 * exits anyway, since every acknowledged message is already durable.
 */
public final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);
    /** INTERFACE.md allows 10 s; leave room for the JVM's own exit. */
    static final Duration DEADLINE = Duration.ofSeconds(9);

    private final CountDownLatch stopped = new CountDownLatch(1);

    private Shutdown() {
    }

    public static Shutdown onSignal(AutoCloseable server) {
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown.stop(server), "facteur-shutdown"));
        return shutdown;
    }

    private void stop(AutoCloseable server) {
        LOG.info("stopping");
        Thread closer = new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }, "facteur-stop");
        closer.start();
        try {
            closer.join(DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("services still stopping after {} s; exiting anyway", DEADLINE.toSeconds());
        } else {
            LOG.info("stopped");
        }
        stopped.countDown();
    }

    /** Blocks the main thread while the server runs. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }
}
