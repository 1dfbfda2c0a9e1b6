package org.facteur.smtp.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Group commit of the renames into one directory: each committer asks for an fsync of the
 * directory after its own renames, and one fsync answers every request made before it began.
 *
 * <p>No thread of its own: the first caller who finds no fsync running does it for everyone
 * waiting (the leader), the others wait for it. A caller who arrives while an fsync runs cannot
 * count on it (it may have begun before the caller's rename), so it joins the next round, which
 * one of that round's members leads once the running fsync ends. With n sessions committing at
 * once the queue directory is synced about twice per fsync duration instead of n times.
 */
final class DirectorySync {

    /** One fsync and the callers it answers. */
    private static final class Round {
        private boolean done;
        private IOException failure;
    }

    /** The fsync itself (replaced in tests to count and slow it). */
    interface Fsync {
        void run(Path dir) throws IOException;
    }

    private final Path dir;
    private final Fsync fsync;
    private final Object lock = new Object();
    /** The round that new callers join; its fsync has not started. */
    private Round open = new Round();
    private boolean running;

    DirectorySync(Path dir) {
        this(dir, DirectorySync::force);
    }

    DirectorySync(Path dir, Fsync fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /**
     * Returns once an fsync of the directory that began after this call has completed, so every
     * rename the caller made before calling is durable. Throws if that fsync failed.
     */
    void sync() throws IOException {
        Round mine;
        boolean leader = false;
        boolean interrupted = false;
        synchronized (lock) {
            mine = open;
            while (running && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // The renames are done: the caller needs to know whether they are durable.
                    interrupted = true;
                }
            }
            if (!mine.done) {
                leader = true;
                running = true;
                open = new Round();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (leader) {
            lead(mine);
        }
        if (mine.failure != null) {
            throw new IOException("cannot sync " + dir + ": " + mine.failure.getMessage(), mine.failure);
        }
    }

    private void lead(Round round) {
        IOException failure = new IOException("the fsync did not finish");
        try {
            fsync.run(dir);
            failure = null;
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e);
        } finally {
            // Even after an Error: a round left running would keep every later commit waiting.
            synchronized (lock) {
                round.failure = failure;
                round.done = true;
                running = false;
                lock.notifyAll();
            }
        }
    }

    /** A lone fsync of {@code d}, outside any group (start-up recovery). */
    static void force(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
