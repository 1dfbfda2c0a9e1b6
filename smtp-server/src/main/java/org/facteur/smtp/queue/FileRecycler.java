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
 * <p>A removed file goes to {@code tmp/} under its own name plus {@code .free}, which start-up
 * empties like the rest of {@code tmp/}. It is reused only once a sync of {@code queue/} that
 * began after its removal has ended ({@link #synced}): before that, a crash could undo the
 * removal's rename and bring the old name back over the new message's bytes, delivering them
 * twice under two ids. Under load every commit syncs {@code queue/}, so files come back within
 * a commit; an idle queue creates files as before.
 */
final class FileRecycler {

    /** Beyond this many waiting files, removals delete (a burst drained: no need to keep them all). */
    private static final int MAX_FREE = 1024;

    private record Free(Path file, long syncsStartedAtRemoval) {
    }

    private final Path tmp;
    private final ArrayDeque<Free> free = new ArrayDeque<>();
    private final AtomicLong syncsStarted = new AtomicLong();
    private final AtomicLong lastSyncDone = new AtomicLong();

    FileRecycler(Path tmp) {
        this.tmp = tmp;
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
        synchronized (free) {
            if (free.size() >= MAX_FREE) {
                Files.deleteIfExists(file);
                return;
            }
        }
        Path kept = tmp.resolve(file.getFileName() + ".free");
        try {
            Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // removed already (facteur queue remove)
        }
        // Read after the rename: a sync counted from here on began after it.
        long started = syncsStarted.get();
        synchronized (free) {
            free.addLast(new Free(kept, started));
        }
    }

    /**
     * A new empty file at {@code path} (which must not exist), open for writing: a recycled one
     * renamed there and truncated if one is free, else a new one.
     */
    FileChannel open(Path path) throws IOException {
        Free reuse = null;
        synchronized (free) {
            Free oldest = free.peekFirst();
            // Oldest first: if it is not free yet, none of the later ones is.
            if (oldest != null && oldest.syncsStartedAtRemoval() < lastSyncDone.get()) {
                reuse = free.pollFirst();
            }
        }
        if (reuse != null) {
            try {
                Files.move(reuse.file(), path, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                // Gone meanwhile (tmp/ emptied by hand?): a new file does as well.
                return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
