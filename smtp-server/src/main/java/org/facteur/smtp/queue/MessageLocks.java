package org.facteur.smtp.queue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per queue id, for as long as someone holds or waits for it. Two messages never wait
 * for each other: with a fixed array of lock stripes, two of 50 concurrent deliveries often hashed
 * to the same stripe and one waited out the other's whole store append.
 */
final class MessageLocks {

    /** A lock held; {@link #release} once. */
    interface Held {
        void release();
    }

    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        /** Holders and waiters; changed only inside the map's compute for this key. */
        private int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Held lock(String id) {
        Entry entry = entries.compute(id, (k, e) -> {
            Entry v = e == null ? new Entry() : e;
            v.users++;
            return v;
        });
        entry.lock.lock();
        return () -> {
            entry.lock.unlock();
            entries.computeIfPresent(id, (k, e) -> --e.users == 0 ? null : e);
        };
    }

    /** Ids with a holder or a waiter (for tests: the map must not grow with the queue's history). */
    int size() {
        return entries.size();
    }
}
