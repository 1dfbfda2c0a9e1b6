package org.facteur.mailbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.TestMessages;

/** Durable appends per second into one mailbox from several writer threads. */
final class AppendThroughput {

    private static final java.time.Instant DATE = java.time.Instant.parse("2026-11-25T10:00:00Z");

    private AppendThroughput() {
    }

    static double appendsPerSecond(MailStore store, MailboxId mailbox, byte[] message, int writers, double seconds)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < writers; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    store.append(mailbox, TestMessages.stream(message), Flags.NONE, DATE);
                    done.incrementAndGet();
                }
            }, "writer-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }
}
