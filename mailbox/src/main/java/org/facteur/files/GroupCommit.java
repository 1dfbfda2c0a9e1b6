package org.facteur.files;

import java.io.IOException;

/**
 * Group commit of one flush (an fsync of a directory, an fdatasync of a log): each committer
 * asks for a flush that began after its own writes, and one flush answers every request made
 * before it began.
 *
 * <p>No thread of its own: the first caller who finds no flush running does it for everyone
 * waiting (the leader), the others wait for it. A caller who arrives while a flush runs cannot
 * count on it (it may have begun before the caller's write), so it joins the next round, which
 * one of that round's members leads once the running flush ends. With n writers committing at
 * once the flush runs about twice per flush duration instead of n times.
 *
 * <p>The leader is a caller, not a background thread, because handing the flush to an idle
 * thread costs a wake-up of an idle virtual CPU, which on the VMs we measured took longer than
 * the work the caller could have done meanwhile.
 */
public final class GroupCommit {

    /** The flush itself. */
    public interface Flush {
        void run() throws IOException;
    }

    /** One flush and the callers it answers. */
    private static final class Round {
        private boolean done;
        private IOException failure;
    }

    private final Flush flush;
    private final Object lock = new Object();
    /** The round that new callers join; its flush has not started. */
    private Round open = new Round();
    private boolean running;

    public GroupCommit(Flush flush) {
        this.flush = flush;
    }

    /**
     * Returns once a flush that began after this call has completed, so every write the caller
     * made before calling is durable. Throws if that flush failed.
     */
    public void await() throws IOException {
        Round mine;
        boolean leader = false;
        boolean interrupted = false;
        synchronized (lock) {
            mine = open;
            while (running && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // The writes are done: the caller needs to know whether they are durable.
                    interrupted = true;
                }
            }
            if (!mine.done) {
                leader = true;
                running = true;
                open = new Round();
            }
        }
        try {
            if (leader) {
                lead(mine);
            }
        } finally {
            // Only now: an interrupt flag set while leading would close an interruptible channel
            // under the flush.
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    private void lead(Round round) {
        IOException failure = null;
        boolean finished = false;
        try {
            flush.run();
            finished = true;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e);
        } finally {
            if (!finished && failure == null) {
                // An Error: made only then, since an exception's stack trace costs every round.
                failure = new IOException("the flush did not finish");
            }
            // Even after an Error: a round left running would keep every later commit waiting.
            synchronized (lock) {
                round.failure = failure;
                round.done = true;
                running = false;
                lock.notifyAll();
            }
        }
    }
}
