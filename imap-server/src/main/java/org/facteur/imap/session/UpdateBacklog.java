package org.facteur.imap.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Changes waiting for one session that is not reading (stuck in a long FETCH, or gone quiet):
 * bounded twice, by their number and by the heap they hold, whichever is reached first. Past
 * either bound the backlog overflows for good: it is emptied and takes nothing more, and its
 * owner tells the client (NOTIFY's NOTIFICATIONOVERFLOW, RFC 5465 5.8; the selected mailbox's
 * BYE). One change alone is always taken, however large (a COPY of a whole mailbox): a single
 * event says nothing of a client that does not read. Offered from store threads, polled from
 * the session's executor.
 */
public final class UpdateBacklog<T> {

    private record Entry<T>(T item, long bytes) {
    }

    private final int maxItems;
    private final long maxBytes;
    private final ConcurrentLinkedQueue<Entry<T>> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger items = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean overflowed;

    public UpdateBacklog(int maxItems, long maxBytes) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    /** Queues {@code item}, which holds about {@code itemBytes} of heap, unless that passes a bound. */
    public void offer(T item, long itemBytes) {
        if (overflowed) {
            return;
        }
        // Counted before the item is added, so concurrent offers cannot all slip under a bound.
        int waiting = items.incrementAndGet();
        boolean tooMany = waiting > maxItems;
        boolean tooLarge = bytes.addAndGet(itemBytes) > maxBytes;
        if ((tooMany || tooLarge) && waiting > 1) {
            overflowed = true;
            entries.clear();
        } else {
            entries.add(new Entry<>(item, itemBytes));
        }
    }

    /** The oldest item, or null when none waits. */
    public T poll() {
        Entry<T> entry = entries.poll();
        if (entry == null) {
            return null;
        }
        items.decrementAndGet();
        bytes.addAndGet(-entry.bytes());
        return entry.item();
    }

    public boolean overflowed() {
        return overflowed;
    }

    /** Drops what waits (once overflowed, nothing comes back). */
    public void clear() {
        entries.clear();
    }
}
