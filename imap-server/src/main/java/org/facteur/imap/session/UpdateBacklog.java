package org.facteur.imap.session;

import java.util.ArrayDeque;

/**
 * Changes waiting for one session that is not reading (stuck in a long FETCH, or gone quiet):
 * bounded twice, by their number and by the heap they hold, whichever is reached first. Past
 * either bound the backlog overflows for good: it is emptied and takes nothing more, and its
 * owner tells the client (NOTIFY's NOTIFICATIONOVERFLOW, RFC 5465 5.8; the selected mailbox's
 * BYE). One change alone is always taken, however large (a COPY of a whole mailbox): a single
 * event says nothing of a client that does not read. A {@link Folding} may join a change to the
 * newest one waiting, so that a run of like changes counts as one item; its bytes still count,
 * so a run that keeps growing while nobody reads overflows too. Offered from store threads,
 * polled from the session's executor.
 */
public final class UpdateBacklog<T> {

    /** How a change joins the newest one waiting, if it can. */
    public interface Folding<T> {
        /** Folds {@code next} into {@code waiting}; answers the bytes that adds, or {@link #APART}. */
        long fold(T waiting, T next);
    }

    /** What {@link Folding#fold} answers when the two changes must stay apart. */
    public static final long APART = Long.MIN_VALUE;

    private static final class Entry<T> {
        final T item;
        long bytes;
        boolean folded;

        Entry(T item, long bytes) {
            this.item = item;
            this.bytes = bytes;
        }
    }

    private final int maxItems;
    private final long maxBytes;
    private final Folding<T> folding;
    private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();
    private long bytes;
    private volatile boolean overflowed;

    public UpdateBacklog(int maxItems, long maxBytes) {
        this(maxItems, maxBytes, (waiting, next) -> APART);
    }

    public UpdateBacklog(int maxItems, long maxBytes, Folding<T> folding) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.folding = folding;
    }

    /** Queues {@code item}, which holds about {@code itemBytes} of heap, unless that passes a bound. */
    public synchronized void offer(T item, long itemBytes) {
        if (overflowed) {
            return;
        }
        Entry<T> newest = entries.peekLast();
        long added = newest == null ? APART : folding.fold(newest.item, item);
        if (added != APART) {
            newest.bytes += added;
            newest.folded = true;
            bytes += added;
        } else {
            entries.addLast(new Entry<>(item, itemBytes));
            bytes += itemBytes;
        }
        boolean loneChange = entries.size() == 1 && !entries.peekFirst().folded;
        if ((entries.size() > maxItems || bytes > maxBytes) && !loneChange) {
            overflowed = true;
            clear();
        }
    }

    /** The oldest item, or null when none waits. */
    public synchronized T poll() {
        Entry<T> entry = entries.pollFirst();
        if (entry == null) {
            return null;
        }
        bytes -= entry.bytes;
        return entry.item;
    }

    public boolean overflowed() {
        return overflowed;
    }

    /** Drops what waits (once overflowed, nothing comes back). */
    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }
}
