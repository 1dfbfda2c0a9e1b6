package org.facteur.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the servers' pools: daemons, so that a forgotten pool never keeps the JVM alive
 * after {@code serve} has stopped its services, and named {@code prefix-n} so that a thread dump
 * says which server and which job each one serves.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
