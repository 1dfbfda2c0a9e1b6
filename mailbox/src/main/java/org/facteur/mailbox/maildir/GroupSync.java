package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The fsyncs of one directory, shared by everyone waiting for one (a group commit of renames).
 *
 * <p>An append asks for the fsync of {@code cur/} right after its rename, goes on with its index
 * row while a background thread syncs, and waits only before it returns. So the directory fsync
 * runs beside the index work instead of after it, and appends that rename while an fsync is
 * under way share the next one. A request joins a batch whose fsync has not started yet, so
 * every fsync that answers a request began after that request's rename.
 */
final class GroupSync {

    /** One fsync and those waiting for it. */
    static final class Batch {
        private boolean done;
        private IOException failure;
    }

    private final Supplier<Path> dir;
    private Batch pending;
    private boolean running;

    GroupSync(Supplier<Path> dir) {
        this.dir = dir;
    }

    /** Asks for an fsync of the directory that covers every change made to it so far. */
    synchronized Batch request() {
        if (pending == null) {
            pending = new Batch();
        }
        Batch batch = pending;
        if (!running) {
            running = true;
            DurableFiles.background().execute(this::run);
        }
        return batch;
    }

    /** Waits for the batch's fsync; throws what it failed with. */
    void await(Batch batch) throws IOException {
        boolean interrupted = false;
        synchronized (this) {
            while (!batch.done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // The rename is done: the caller needs the answer, not an early return.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (batch.failure != null) {
            throw new IOException("cannot sync " + dir.get() + ": " + batch.failure.getMessage(), batch.failure);
        }
    }

    private void run() {
        while (true) {
            Batch batch;
            synchronized (this) {
                batch = pending;
                pending = null;
                if (batch == null) {
                    running = false;
                    return;
                }
            }
            IOException failure = null;
            try {
                DurableFiles.syncDirectory(dir.get());
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            }
            synchronized (this) {
                batch.failure = failure;
                batch.done = true;
                notifyAll();
            }
        }
    }
}
