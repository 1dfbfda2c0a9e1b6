package org.facteur.mailbox.maildir;

/**
 * An append waiting for its mailbox's lock, to be committed by whichever appender gets the lock
 * first (see {@code MaildirStore.commitQueued}). Its state is written and read under that lock.
 *
 * @param <S> the staged message
 * @param <P> what committing it gives
 */
final class QueuedAppend<S, P> {

    private final S staged;
    private boolean done;
    private P placed;
    private RuntimeException failure;

    QueuedAppend(S staged) {
        this.staged = staged;
    }

    S staged() {
        return staged;
    }

    boolean isDone() {
        return done;
    }

    void committed(P result) {
        placed = result;
        done = true;
    }

    void failed(RuntimeException e) {
        failure = e;
        done = true;
    }

    /** What committing gave, or the failure of the batch it was committed in. */
    P outcome() {
        if (failure != null) {
            throw failure;
        }
        return placed;
    }
}
