package org.facteur.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Group commit of the renames into one directory: each committer asks for an fsync of the
 * directory after its own renames, and one fsync answers every request made before it began.
 *
 * <p>No thread of its own: the first caller who finds no fsync running does it for everyone
 * waiting (the leader), the others wait for it. A caller who arrives while an fsync runs cannot
 * count on it (it may have begun before the caller's rename), so it joins the next round, which
 * one of that round's members leads once the running fsync ends. With n writers committing at
 * once the directory is synced about twice per fsync duration instead of n times.
 *
 * <p>Shared by the mail queue (its {@code queue/} directory) and the store (each folder's
 * {@code cur/}). The leader is a caller, not a background thread, because handing the fsync to
 * an idle thread costs a wake-up of an idle virtual CPU, which on the VMs we measured took longer
 * than the work the caller could have done meanwhile.
 */
public final class DirectorySync {

    /** One fsync and the callers it answers. */
    private static final class Round {
        private boolean done;
        private IOException failure;
    }

    /** The fsync itself (replaced in tests to count and slow it). */
    public interface Fsync {
        void run(Path dir) throws IOException;
    }

    private final Supplier<Path> dir;
    private final Fsync fsync;
    private final Object lock = new Object();
    /** The round that new callers join; its fsync has not started. */
    private Round open = new Round();
    private boolean running;

    public DirectorySync(Path dir) {
        this(() -> dir, DirectorySync::force);
    }

    /** For a directory that can move (a renamed folder): its path is asked at each fsync. */
    public DirectorySync(Supplier<Path> dir) {
        this(dir, DirectorySync::force);
    }

    public DirectorySync(Path dir, Fsync fsync) {
        this(() -> dir, fsync);
    }

    private DirectorySync(Supplier<Path> dir, Fsync fsync) {
        this.dir = dir;
        this.fsync = fsync;
    }

    /**
     * Returns once an fsync of the directory that began after this call has completed, so every
     * rename the caller made before calling is durable. Throws if that fsync failed.
     */
    public void sync() throws IOException {
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
            throw new IOException("cannot sync " + dir.get() + ": " + mine.failure.getMessage(), mine.failure);
        }
    }

    private void lead(Round round) {
        IOException failure = new IOException("the fsync did not finish");
        try {
            fsync.run(dir.get());
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

    /** A lone fsync of a directory, outside any group: its entries become durable. */
    public static void force(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
