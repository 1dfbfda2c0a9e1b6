package org.facteur.mailbox.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.facteur.files.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append journal: makes a small message durable with one shared fdatasync of a log instead
 * of an fsync of its file and one of its folder's {@code cur/}.
 *
 * <p>An append writes its Maildir file and renames it into {@code cur/} without syncing either,
 * then writes a record (path, mtime, CRC, content) into the active log and waits for a group
 * fdatasync of that log ({@link #reserve}, {@link Slot}). About once a second a checkpoint
 * switches to the other log, runs syncfs on the mail's file system (every file and rename of the
 * previous log's generation is then durable) and clears the previous log. At start the records
 * of generations not checkpointed are handed to recovery, which rewrites any file that a power
 * loss left missing or damaged ({@link #pendingRecords}).
 *
 * <p>The generation is part of the file's name, with the content's CRC, so that recovery knows
 * which files were written since the last checkpoint and can tell a file a power loss damaged
 * (stale blocks under a name: the rename reached the disk, the data did not) from a message.
 *
 * <p>Anything that deletes, moves or links a journaled file first waits for a checkpoint of its
 * generation ({@link #settle}), so that a replay never brings back a message expunged since.
 */
public final class AppendJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppendJournal.class);

    /** Larger messages keep the fsync protocol: holding them in memory would cost more than it saves. */
    public static final int MAX_CONTENT = 256 * 1024;
    private static final long INITIAL_CAPACITY = 256 * 1024;
    private static final long MAX_CAPACITY = 64L * 1024 * 1024;
    /** How often the files are synced and the log switched; a property so tests can hold a journal live. */
    private static final long CHECKPOINT_INTERVAL_MILLIS = Long.getLong("facteur.journal.checkpoint_ms", 1000);
    private static final long SETTLE_TIMEOUT_MILLIS = 120_000;
    private static final long CLOSE_WAIT_MILLIS = 60_000;

    private final RecordLog[] logs;
    private final FileSystemSync syncfs;
    /** False where syncfs fails: the journal then only serves recovery, and appends fsync. */
    private final boolean journaling;
    private final List<JournalRecord> pending;
    private final ReentrantReadWriteLock switchLock = new ReentrantReadWriteLock();
    private final Object monitor = new Object();
    private volatile RecordLog active;
    /** The highest generation whose files are durable; guarded by monitor for waiting. */
    private volatile long checkpointed;
    private long requested;
    private long lastCheckpoint = System.nanoTime();
    /** A log switched away from whose syncfs failed: the next checkpoint retries it. */
    private volatile RecordLog unfinished;
    private volatile IOException lastFailure;
    /** Checkpoints failed so far; guarded by monitor. */
    private long failures;
    private boolean closing;
    private Thread checkpointer;

    private AppendJournal(RecordLog[] logs, FileSystemSync syncfs, boolean journaling, long checkpointed,
                          List<JournalRecord> pending) {
        this.logs = logs;
        this.syncfs = syncfs;
        this.journaling = journaling;
        this.checkpointed = checkpointed;
        this.pending = pending;
    }

    /**
     * Opens the journal in {@code dir} for files under {@code mailRoot}. Where syncfs cannot be
     * run, it only tells recovery what the last run left, and every append keeps the fsync
     * protocol ({@link #reserve} gives no room).
     */
    public static AppendJournal open(Path dir, Path mailRoot) throws IOException {
        Files.createDirectories(mailRoot);
        FileSystemSync syncfs = new FileSystemSync(mailRoot);
        boolean syncfsWorks = syncfs.works();
        RecordLog[] logs = RecordLog.openPair(dir, "append", INITIAL_CAPACITY);
        try {
            long checkpointed = 0;
            for (RecordLog log : logs) {
                RecordLog.Header h = log.readHeader();
                if (h != null) {
                    checkpointed = Math.max(checkpointed, h.checkpointed());
                }
            }
            List<JournalRecord> pending = new ArrayList<>();
            for (RecordLog log : logs) {
                for (JournalRecord r : log.read(JournalRecord.parser(log))) {
                    if (r.generation() > checkpointed) {
                        pending.add(r);
                    }
                }
            }
            pending.sort(Comparator.comparingLong(JournalRecord::generation));
            if (!syncfsWorks) {
                if (!pending.isEmpty()) {
                    // Its records may be the only durable copy of acknowledged messages.
                    throw new IOException("the append journal in " + dir + " holds messages not yet synced to their"
                            + " files, and syncfs (sync -f) fails here: run facteur where it works, once");
                }
                LOG.info("syncfs (sync -f) fails here: the store fsyncs every message instead of journaling it");
            }
            return new AppendJournal(logs, syncfs, syncfsWorks, checkpointed, pending);
        } catch (IOException | RuntimeException e) {
            RecordLog.closeAll(logs);
            throw e;
        }
    }

    /** Whether appends are journaled (syncfs works here); if not, they all take the fsync protocol. */
    public boolean isJournaling() {
        return journaling;
    }

    /** The highest generation whose files are known durable (at open: before the replay). */
    public long checkpointed() {
        return checkpointed;
    }

    /** The records not checkpointed when the journal was opened, oldest first. */
    public List<JournalRecord> pendingRecords() {
        return pending;
    }

    /**
     * After recovery mended the files of {@link #pendingRecords}: makes them durable, clears the
     * logs and starts journaling.
     */
    public void replayed() throws IOException {
        if (!journaling) {
            return;
        }
        long newest = checkpointed;
        for (RecordLog log : logs) {
            RecordLog.Header h = log.readHeader();
            if (h != null) {
                newest = Math.max(newest, h.generation());
            }
        }
        for (JournalRecord r : pending) {
            newest = Math.max(newest, r.generation());
        }
        // Always: the files of the last generations, and what recovery changed, become durable
        // before the logs that describe them are cleared.
        syncfs.run();
        for (RecordLog log : logs) {
            log.clear(newest);
        }
        checkpointed = newest;
        pending.clear();
        logs[0].startDurably(newest + 1, newest);
        active = logs[0];
        checkpointer = new Thread(this::checkpointLoop, "facteur-journal-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /**
     * Room in the active log for a record, or null if there is none (a full journal whose
     * checkpoint is late, or a message above {@link #MAX_CONTENT}): the caller then fsyncs.
     * On success the caller holds the slot's generation until it writes or cancels: a
     * checkpoint waits, so the file named with that generation and its record stay together.
     */
    public Slot reserve(int pathLengthBound, int contentLength) throws IOException {
        if (contentLength > MAX_CONTENT) {
            return null;
        }
        int size = JournalRecord.recordSize(pathLengthBound, contentLength);
        switchLock.readLock().lock();
        boolean held = false;
        try {
            RecordLog log = active;
            if (log == null) {
                return null;
            }
            if (log.failed()) {
                // A flush of this round failed: no more of its records can be trusted.
                requestCheckpoint();
                return null;
            }
            boolean room = log.promise(size, MAX_CAPACITY);
            if (!room || log.isFilling(MAX_CAPACITY)) {
                requestCheckpoint();
            }
            if (!room) {
                return null;
            }
            held = true;
            return new Slot(log, log.generation(), size);
        } finally {
            if (!held) {
                switchLock.readLock().unlock();
            }
        }
    }

    /** A reserved record: write it or cancel it, on the thread that reserved it. */
    public final class Slot {
        private final RecordLog log;
        private final long generation;
        private final int promised;
        private boolean open = true;

        private Slot(RecordLog log, long generation, int promised) {
            this.log = log;
            this.generation = generation;
            this.promised = promised;
        }

        /** The generation to put in the file's name. */
        public long generation() {
            return generation;
        }

        /** Writes the record (not yet durable: see {@link #awaitDurable}) and lets checkpoints go on. */
        public void write(long uidValidity, String path, long mtimeMillis, int contentCrc, byte[] content, int length)
                throws IOException {
            if (!open) {
                throw new IllegalStateException("slot already used");
            }
            try {
                log.append(generation, JournalRecord.head(uidValidity, path, mtimeMillis, contentCrc), content, length, promised);
            } finally {
                open = false;
                switchLock.readLock().unlock();
            }
        }

        /** Gives the room back if the record was not written; harmless after {@link #write}. */
        public void cancel() {
            if (open) {
                open = false;
                log.withdraw(promised);
                switchLock.readLock().unlock();
            }
        }

        /** Returns once the written record is durable (one fdatasync shared with concurrent appends). */
        public void awaitDurable() throws IOException {
            log.awaitDurable();
        }
    }

    /**
     * Returns once the files of this generation are durable by themselves (checkpointed), asking
     * for a checkpoint now if need be. Throws if checkpoints keep failing.
     */
    public void settle(long generation) throws IOException {
        synchronized (monitor) {
            if (generation <= checkpointed) {
                return;
            }
            requested = Math.max(requested, generation);
            monitor.notifyAll();
            long failuresBefore = failures;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MILLIS);
            boolean interrupted = false;
            try {
                while (checkpointed < generation) {
                    long left = deadline - System.nanoTime();
                    if (closing) {
                        throw new IOException("the journal is closing");
                    }
                    if (failures > failuresBefore) {
                        throw new IOException("the journal's checkpoint failed: " + lastFailure.getMessage(), lastFailure);
                    }
                    if (left <= 0) {
                        throw new IOException("no journal checkpoint for " + SETTLE_TIMEOUT_MILLIS / 1000 + " s"
                                + (lastFailure != null ? ": " + lastFailure.getMessage() : ""));
                    }
                    try {
                        monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** {@link #settle} of every record written so far. */
    public void settleAll() throws IOException {
        long newest;
        switchLock.readLock().lock();
        try {
            RecordLog log = active;
            newest = log == null ? checkpointed : log.hasRecords() ? log.generation() : log.generation() - 1;
        } finally {
            switchLock.readLock().unlock();
        }
        settle(newest);
    }

    private void requestCheckpoint() {
        synchronized (monitor) {
            requested = Math.max(requested, checkpointed + 1);
            monitor.notifyAll();
        }
    }

    private void checkpointLoop() {
        while (true) {
            synchronized (monitor) {
                while (!closing && !due()) {
                    try {
                        monitor.wait(CHECKPOINT_INTERVAL_MILLIS / 4);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) {
                    return;
                }
            }
            try {
                checkpoint();
                lastFailure = null;
            } catch (IOException | RuntimeException e) {
                IOException failure = e instanceof IOException io ? io : new IOException(e);
                LOG.error("journal checkpoint failed; retrying in a second ({})", failure.getMessage());
                synchronized (monitor) {
                    lastFailure = failure;
                    failures++;
                    monitor.notifyAll();
                    try {
                        monitor.wait(CHECKPOINT_INTERVAL_MILLIS);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Under monitor. */
    private boolean due() {
        if (unfinished != null || requested > checkpointed) {
            return true;
        }
        RecordLog log = active;
        if (log.isEmpty()) {
            return false;
        }
        return log.isFilling(MAX_CAPACITY)
                || System.nanoTime() - lastCheckpoint >= TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_INTERVAL_MILLIS);
    }

    /** Switches logs, syncs the file system, clears the log switched away from. */
    private void checkpoint() throws IOException {
        RecordLog old = unfinished;
        if (old == null) {
            switchLock.writeLock().lock();
            try {
                old = active;
                if (!old.hasRecords()) {
                    synchronized (monitor) {
                        // A request for a generation with nothing in it (its records were
                        // checkpointed already): nothing to do but say so.
                        checkpointed = Math.max(checkpointed, old.generation() - 1);
                        requested = Math.min(requested, checkpointed);
                        lastCheckpoint = System.nanoTime();
                        monitor.notifyAll();
                    }
                    return;
                }
                RecordLog next = old == logs[0] ? logs[1] : logs[0];
                next.start(old.generation() + 1, checkpointed);
                active = next;
            } finally {
                switchLock.writeLock().unlock();
            }
            unfinished = old;
        }
        long generation = old.generation();
        syncfs.run();
        old.clear(generation);
        unfinished = null;
        synchronized (monitor) {
            checkpointed = generation;
            lastCheckpoint = System.nanoTime();
            monitor.notifyAll();
        }
    }

    /** Stops checkpointing, makes every journaled file durable and clears the logs. */
    @Override
    public void close() {
        synchronized (monitor) {
            closing = true;
            monitor.notifyAll();
        }
        if (checkpointer != null) {
            try {
                checkpointer.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            switchLock.writeLock().lock();
            try {
                RecordLog last = active;
                if (last != null && (unfinished != null || last.hasRecords())) {
                    long generation = last.generation();
                    syncfs.run();
                    for (RecordLog log : logs) {
                        log.clear(generation);
                    }
                }
                active = null;
            } finally {
                switchLock.writeLock().unlock();
            }
        } catch (IOException e) {
            LOG.warn("could not checkpoint the journal at close ({}); the next start replays it", e.getMessage());
        } finally {
            for (RecordLog log : logs) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // closing a log we only read or wrote: nothing to lose
                }
            }
        }
    }
}
