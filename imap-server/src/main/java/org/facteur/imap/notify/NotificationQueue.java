package org.facteur.imap.notify;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notifications waiting for one session, bounded twice: by their number and by the heap
 * they hold, whichever is reached first. Past either bound the queue overflows for good: it is
 * emptied and takes nothing more (RFC 5465 5.8: the client is then told NOTIFICATIONOVERFLOW and
 * NOTIFY stops). Offered from store threads, polled from the session's executor.
 */
final class NotificationQueue {

    private record Entry(Object item, long bytes) {
    }

    private final int maxItems;
    private final long maxBytes;
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger items = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean overflowed;

    NotificationQueue(int maxItems, long maxBytes) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    /** Queues {@code item}, which holds about {@code itemBytes} of heap, unless that passes a bound. */
    void offer(Object item, long itemBytes) {
        if (overflowed) {
            return;
        }
        // Counted before the item is added, so concurrent offers cannot all slip under a bound.
        boolean tooMany = items.incrementAndGet() > maxItems;
        boolean tooLarge = bytes.addAndGet(itemBytes) > maxBytes;
        if (tooMany || tooLarge) {
            overflowed = true;
            entries.clear();
        } else {
            entries.add(new Entry(item, itemBytes));
        }
    }

    /** The oldest item, or null when none waits. */
    Object poll() {
        Entry entry = entries.poll();
        if (entry == null) {
            return null;
        }
        items.decrementAndGet();
        bytes.addAndGet(-entry.bytes());
        return entry.item();
    }

    boolean overflowed() {
        return overflowed;
    }

    /** Drops what waits (once overflowed, nothing comes back). */
    void clear() {
        entries.clear();
    }
}
