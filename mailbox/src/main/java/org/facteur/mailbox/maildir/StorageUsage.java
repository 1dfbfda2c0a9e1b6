package org.facteur.mailbox.maildir;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The bytes each user's messages take, kept in memory so that a quota check costs no query: the
 * first ask for a user sums the index once; after that every append, copy and expunge of this
 * process adjusts the sum as it commits. Deleting a mailbox or an account forgets the sum, and the
 * next ask sums again.
 *
 * <p>A change holds the user's read lock from before its index transaction until it has adjusted
 * the sum; the sum is taken under the write lock. So a sum never counts a change whose adjustment
 * is still to come, nor misses one whose adjustment was skipped: the count stays exact however
 * appends, expunges and the first ask interleave, while changes of one user still run in parallel.
 */
final class StorageUsage {

    private static final class Entry {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        /** Bytes used, or -1 while unknown. Changed under the read lock, so atomically. */
        final AtomicLong used = new AtomicLong(-1);
    }

    private final Map<String, Entry> users = new ConcurrentHashMap<>();
    private final ToLongFunction<String> sum;

    /** @param sum what the index says a user's messages take */
    StorageUsage(ToLongFunction<String> sum) {
        this.sum = sum;
    }

    /** The user's bytes, summed from the index the first time. */
    long used(String user) {
        Entry e = entry(user);
        long known = e.used.get();
        if (known >= 0) {
            return known;
        }
        e.lock.writeLock().lock();
        try {
            if (e.used.get() < 0) {
                e.used.set(sum.applyAsLong(user));
            }
            return e.used.get();
        } finally {
            e.lock.writeLock().unlock();
        }
    }

    /** The user's bytes if known without a query (for a check on a thread that must not wait). */
    OptionalLong usedIfKnown(String user) {
        Entry e = users.get(user);
        long known = e == null ? -1 : e.used.get();
        return known >= 0 ? OptionalLong.of(known) : OptionalLong.empty();
    }

    /** Runs a change that adds {@code delta} bytes (negative: frees them) once {@code commit} returns. */
    <T> T change(String user, long delta, Supplier<T> commit) {
        Entry e = entry(user);
        e.lock.readLock().lock();
        try {
            T result = commit.get();
            e.used.getAndUpdate(v -> v < 0 ? v : Math.max(0, v + delta));
            return result;
        } finally {
            e.lock.readLock().unlock();
        }
    }

    /** The user's sum is no longer known (a mailbox or the account was deleted). */
    void forget(String user) {
        Entry e = entry(user);
        e.lock.writeLock().lock();
        try {
            e.used.set(-1);
        } finally {
            e.lock.writeLock().unlock();
        }
    }

    private Entry entry(String user) {
        return users.computeIfAbsent(user, k -> new Entry());
    }
}
