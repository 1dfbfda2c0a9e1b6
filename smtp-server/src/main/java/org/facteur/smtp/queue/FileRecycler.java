package org.facteur.smtp.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives the files of removed messages to new ones, so that the queue does not create and delete
 * two files per message. On ext4 without a journal (the benchmark machine's disk) creating a file
 * scans past every inode deleted in the last minute (the kernel's {@code recently_deleted}): at
 * 300 messages/s that was 14% of the server's CPU (perf, 2026-11-26), and the deletions made the
 * store's own file creations as slow. A rename and a truncation allocate no inode.
 *
 * <p>A removed file goes to {@code queue/free/} under its own name, a directory that start-up
 * empties like {@code tmp/}; only small files are kept ({@link #MAX_SIZE}, at most
 * {@link #MAX_FREE} of them: 64 MB in all), larger ones are deleted. It is reused only once a sync of {@code queue/} that
 * began after its removal has ended ({@link #synced}): before that, a crash could undo the
 * removal's rename and bring the old name back over the new message's bytes, delivering them
 * twice under two ids. Under load every commit syncs {@code queue/}, so files come back within
 * a commit; an idle queue creates files as before.
 */
final class FileRecycler {

    /** Beyond this many waiting files, removals delete (a burst drained: no need to keep them all). */
    static final int MAX_FREE = 512;
    /** Larger files are deleted: a free file keeps its blocks until it is reused. */
    static final long MAX_SIZE = 128 * 1024;

    private record Free(Path file, long syncsStartedAtRemoval) {
    }

    private final Path free;
    private final ArrayDeque<Free> waiting = new ArrayDeque<>();
    private final AtomicLong syncsStarted = new AtomicLong();
    private final AtomicLong lastSyncDone = new AtomicLong();

    /** {@code free}: an existing directory of its own, emptied at start-up. */
    FileRecycler(Path free) {
        this.free = free;
    }

    /** To call before each sync of {@code queue/}; pass what it returns to {@link #synced}. */
    long syncing() {
        return syncsStarted.incrementAndGet();
    }

    /** A sync of {@code queue/} that began at {@code ticket} ({@link #syncing}) has succeeded. */
    void synced(long ticket) {
        lastSyncDone.accumulateAndGet(ticket, Math::max);
    }

    /**
     * Takes a message's file out of {@code queue/} (a removal, as atomic as a delete) and keeps it
     * for a later {@link #open}; deletes it when enough are kept.
     */
    void recycle(Path file) throws IOException {
        boolean full;
        synchronized (waiting) {
            full = waiting.size() >= MAX_FREE;
        }
        try {
            if (full || Files.size(file) > MAX_SIZE) {
                Files.delete(file);
                return;
            }
            Path kept = free.resolve(file.getFileName());
            Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
            // Read after the rename: a sync counted from here on began after it.
            long started = syncsStarted.get();
            synchronized (waiting) {
                waiting.addLast(new Free(kept, started));
            }
        } catch (NoSuchFileException e) {
            // Removed already (facteur queue remove).
        }
    }

    /** A file open for writing at its start, and where it is (to rename it into place once written). */
    record Reserved(Path file, FileChannel channel) {
    }

    /**
     * A file to write a new queue file in: a recycled one, left in {@code free/} under its old
     * name (renamed into {@code queue/} once written, so no rename into {@code tmp/} first: one
     * rename per file and message fewer; both scratch directories are emptied at start-up), else
     * a new one at {@code path} (which must not exist). A recycled file still holds its old
     * bytes, so that writing over them reuses its blocks (truncating it to zero freed them and
     * the writes allocated them again: 3% of the server's CPU at 50 sessions, perf 2026-11-26):
     * the writer must call {@link #endAtPosition} before making it durable.
     */
    Reserved open(Path path) throws IOException {
        Free reuse = null;
        synchronized (waiting) {
            Free oldest = waiting.peekFirst();
            // Oldest first: if it is not free yet, none of the later ones is.
            if (oldest != null && oldest.syncsStartedAtRemoval() < lastSyncDone.get()) {
                reuse = waiting.pollFirst();
            }
        }
        if (reuse != null) {
            try {
                return new Reserved(reuse.file(), FileChannel.open(reuse.file(), StandardOpenOption.WRITE));
            } catch (NoSuchFileException e) {
                // Gone meanwhile (free/ emptied by hand?): a new file does as well.
            }
        }
        return new Reserved(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /**
     * Ends a file from {@link #open} where its writer is, dropping what a recycled file held
     * beyond (a system call only when the old content was longer).
     */
    static void endAtPosition(FileChannel channel) throws IOException {
        channel.truncate(channel.position());
    }
}
