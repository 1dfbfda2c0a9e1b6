package org.facteur.mailbox.maildir;

import org.facteur.mailbox.StoreException;

/**
 * An append waiting for its mailbox's lock, to be committed by whichever appender gets the lock
 * first (see {@code MaildirStore.commitQueued}). Its state is written and read under that lock.
 */
final class QueuedAppend {

    private final MaildirStore.Pending staged;
    private boolean done;
    private MaildirStore.Placed placed;
    private Throwable failure;

    QueuedAppend(MaildirStore.Pending staged) {
        this.staged = staged;
    }

    MaildirStore.Pending staged() {
        return staged;
    }

    boolean isDone() {
        return done;
    }

    void committed(MaildirStore.Placed result) {
        placed = result;
        done = true;
    }

    void failed(Throwable e) {
        failure = e;
        done = true;
    }

    /** What committing gave; throws the failure of the batch it was committed in. */
    MaildirStore.Placed outcome() {
        if (failure != null) {
            throw ownCopy(failure);
        }
        if (!done) {
            throw new IllegalStateException("an append was left uncommitted");
        }
        return placed;
    }

    /**
     * A failure for one appender's thread: the batch's exception is shared by every appender
     * in it, so each gets its own (its stack, its suppressed exceptions) with the shared one as
     * the cause.
     */
    static StoreException ownCopy(Throwable shared) {
        if (shared instanceof StoreException e) {
            return new StoreException(e.reason(), e.getMessage(), e);
        }
        return new StoreException(StoreException.Reason.IO_ERROR, "cannot store the message: " + shared, shared);
    }
}
