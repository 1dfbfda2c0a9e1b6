package org.facteur.smtp.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.facteur.files.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's commit journal: a message small enough to be held in memory is made durable by
 * one record in a log ({@link RecordLog}, one fdatasync shared by every commit in flight)
 * instead of two files, two fsyncs, two renames and a share of a directory fsync. Local
 * deliveries take it from memory within milliseconds, and most messages never get a file.
 *
 * <p>Two logs, {@code queue/journal/commit-0.log} and {@code commit-1.log}: records go to the
 * active one. About once a second a checkpoint switches logs and deals with each message of the
 * old log still queued: one committed in the last {@link #WRITE_OUT_AFTER_MILLIS} (its delivery
 * is behind, under load) is recorded again in the new log, cheaply; an older one (a remote
 * delivery waiting for its retry, say) is written out as ordinary queue files
 * ({@link Materializer}). Then the old log is cleared. A message's removal appends a
 * {@code done} record, not waited for: it becomes durable with the next commit's flush.
 *
 * <p>At start ({@link #open}) the messages of both logs without a {@code done} record are
 * handed back, to be written out as queue files before the logs are cleared; a message
 * delivered just before a crash is then found delivered by its delivery id, as after any crash
 * between a delivery and the queue's update.
 */
final class CommitJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitJournal.class);

    /** Larger messages are spooled to a file as they arrive and keep the file protocol. */
    static final int MAX_MESSAGE = 64 * 1024;
    private static final long INITIAL_CAPACITY = 1024 * 1024;
    private static final long MAX_CAPACITY = 64L * 1024 * 1024;
    /** How often the logs are switched; a property so that tests can hurry or hold checkpoints. */
    private static final long CHECKPOINT_MILLIS = Long.getLong("facteur.queue.checkpoint_ms", 1000);
    /** How long a message stays in the logs before a checkpoint writes it out as files. */
    static final long WRITE_OUT_AFTER_MILLIS = Long.getLong("facteur.queue.write_out_ms", 10_000);
    private static final byte MESSAGE = 'M';
    private static final byte DONE = 'D';

    /**
     * Writes a journaled message out as queue files, if it is still queued in memory, then calls
     * {@link #done}: from then on the files are the message.
     */
    interface Materializer {
        void materialize(String id) throws IOException;
    }

    /**
     * A record found in the logs at start: a message (its bytes read from the log when asked, so
     * that full logs are not all held in memory) or, without an envelope, a {@code done}.
     */
    record Recovered(String id, long generation, byte[] envelope, RecordLog log, long messageOffset, int messageLength) {
        byte[] message() throws IOException {
            return log.readBytes(messageOffset, messageLength);
        }
    }

    private final RecordLog[] logs;
    private final ReentrantReadWriteLock switchLock = new ReentrantReadWriteLock();
    /** A message's record: in which log, since when, and its payload (to record it again). */
    private record Entry(RecordLog log, long committedNanos, byte[] head, byte[] message, int length) {
    }

    /** Messages with a record in a log not yet cleared. */
    private final Map<String, Entry> recorded = new ConcurrentHashMap<>();
    private final Object monitor = new Object();
    private volatile RecordLog active;
    /** A log switched away from whose checkpoint failed: the next one finishes it before any switch. */
    private RecordLog unfinished;
    /** The generation of the active log's records; changed by the checkpoint thread under the write lock. */
    private volatile long generation;
    private boolean checkpointWanted;
    private boolean closing;
    private Materializer materializer;
    private Thread checkpointer;

    private CommitJournal(RecordLog[] logs, long generation) {
        this.logs = logs;
        this.generation = generation;
    }

    /**
     * Opens the logs in {@code dir} and reads what a previous run left: the messages to write out
     * as queue files before {@link #start}.
     */
    static CommitJournal open(Path dir, List<Recovered> recovered) throws IOException {
        RecordLog[] logs = RecordLog.openPair(dir, "commit", INITIAL_CAPACITY);
        try {
            long newest = 0;
            Map<String, Recovered> messages = new LinkedHashMap<>();
            Set<String> done = new HashSet<>();
            for (RecordLog log : logs) {
                RecordLog.Header h = log.readHeader();
                if (h != null) {
                    newest = Math.max(newest, Math.max(h.generation(), h.checkpointed()));
                }
                for (Recovered r : log.read((generation, payload, offset) -> parse(log, generation, payload, offset))) {
                    // A torn header does not tell its round's generation: the records do.
                    newest = Math.max(newest, r.generation());
                    if (r.envelope() == null) {
                        done.add(r.id());
                    } else {
                        messages.put(r.id(), r);
                    }
                }
            }
            messages.keySet().removeAll(done);
            recovered.addAll(messages.values());
            return new CommitJournal(logs, newest);
        } catch (IOException | RuntimeException e) {
            RecordLog.closeAll(logs);
            throw e;
        }
    }

    /**
     * Once the recovered messages are queue files: clears the logs and starts journaling, with
     * {@code materializer} for the checkpoints.
     */
    void start(Materializer materializer) throws IOException {
        this.materializer = materializer;
        for (RecordLog log : logs) {
            log.clear(generation);
        }
        logs[0].startDurably(generation + 1, generation);
        generation++;
        active = logs[0];
        checkpointer = new Thread(this::checkpointLoop, "queue-journal-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /**
     * Makes {@code message} durable with its envelope; false if the journal has no room for it
     * (the caller then writes queue files). When this returns true, a crash at any instant keeps
     * the message.
     */
    boolean commit(String id, byte[] envelope, byte[] message, int length) throws IOException {
        byte[] head = head(MESSAGE, id, envelope);
        int size = RecordLog.recordSize(head.length + length);
        RecordLog log;
        switchLock.readLock().lock();
        try {
            log = active;
            if (log == null) {
                return false;
            }
            if (log.failed()) {
                // A flush of this round failed: none of its later records can be trusted.
                requestCheckpoint();
                return false;
            }
            boolean room = log.promise(size, MAX_CAPACITY);
            if (!room || log.isFilling(MAX_CAPACITY)) {
                requestCheckpoint();
            }
            if (!room) {
                return false;
            }
            Entry entry = new Entry(log, System.nanoTime(), head, message, length);
            recorded.put(id, entry);
            try {
                log.append(log.generation(), head, message, length, size);
            } catch (IOException | RuntimeException e) {
                recorded.remove(id, entry);
                throw e;
            }
        } finally {
            switchLock.readLock().unlock();
        }
        log.awaitDurable();
        return true;
    }

    /**
     * {@code id} left the queue (delivered, or written out as files and since removed): a
     * {@code done} record, so a restart does not bring it back. Not waited for.
     */
    void done(String id) {
        if (recorded.remove(id) == null) {
            return;
        }
        byte[] head = head(DONE, id, null);
        int size = RecordLog.recordSize(head.length);
        switchLock.readLock().lock();
        try {
            RecordLog log = active;
            if (log != null && !log.failed() && log.promise(size, MAX_CAPACITY)) {
                log.append(log.generation(), head, head, 0, size);
            } else if (log != null) {
                LOG.warn("queue.journal_done_skipped queue={} (no room in the log: after a crash it is run again, and"
                        + " found delivered by its delivery id)", id);
            }
        } catch (IOException e) {
            // At worst the message is run again after a crash, and found delivered by its delivery id.
            LOG.warn("queue.journal_done_failed queue={} error=\"{}\"", id, e.getMessage());
        } finally {
            switchLock.readLock().unlock();
        }
    }

    private void requestCheckpoint() {
        synchronized (monitor) {
            checkpointWanted = true;
            monitor.notifyAll();
        }
    }

    private void checkpointLoop() {
        while (true) {
            synchronized (monitor) {
                long deadline = System.currentTimeMillis() + CHECKPOINT_MILLIS;
                while (!closing && !checkpointWanted) {
                    long wait = deadline - System.currentTimeMillis();
                    if (wait <= 0) {
                        break;
                    }
                    try {
                        monitor.wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) {
                    return;
                }
                checkpointWanted = false;
            }
            try {
                checkpoint();
            } catch (IOException | RuntimeException e) {
                LOG.warn("queue.journal_checkpoint_failed error=\"{}\" (retried)", e.getMessage());
                sleepQuietly();
            }
        }
    }

    /**
     * Switches logs, records again or writes out what the old one still holds, clears it. After a
     * failure the next call finishes that log first: a log still holding messages is never
     * started again, which would hide its records from recovery.
     */
    private void checkpoint() throws IOException {
        RecordLog old = unfinished;
        if (old == null) {
            old = active;
            if (!old.hasRecords() && !old.failed()) {
                return;
            }
            RecordLog next = old == logs[0] ? logs[1] : logs[0];
            switchLock.writeLock().lock();
            try {
                // Not flushed here: the first commit's flush carries the header with its record.
                next.start(generation + 1, generation);
                generation++;
                active = next;
            } finally {
                switchLock.writeLock().unlock();
            }
            unfinished = old;
        }
        RecordLog next = active;
        long writeOutBefore = System.nanoTime() - WRITE_OUT_AFTER_MILLIS * 1_000_000;
        boolean carried = false;
        for (String id : idsIn(old)) {
            Entry e = recorded.get(id);
            if (e == null) {
                continue;
            }
            if (e.committedNanos() - writeOutBefore > 0 && carryOver(id, old, next)) {
                carried = true;
            } else {
                materializer.materialize(id);
            }
        }
        if (carried) {
            next.awaitDurable();
        }
        old.clear(generation - 1);
        RecordLog cleared = old;
        recorded.values().removeIf(e -> e.log() == cleared);
        unfinished = null;
    }

    /** Records {@code id} again in {@code next}; false if there is no room (write it out instead). */
    private boolean carryOver(String id, RecordLog old, RecordLog next) throws IOException {
        Entry e = recorded.get(id);
        if (e == null || e.log() != old) {
            return e != null;
        }
        int size = RecordLog.recordSize(e.head().length + e.length());
        if (!next.promise(size, MAX_CAPACITY)) {
            return false;
        }
        boolean[] written = {false};
        try {
            // Atomic with done(): a message removed meanwhile is not recorded again.
            recorded.computeIfPresent(id, (key, now) -> {
                if (now != e) {
                    return now;
                }
                try {
                    next.append(next.generation(), e.head(), e.message(), e.length(), size);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                written[0] = true;
                return new Entry(next, e.committedNanos(), e.head(), e.message(), e.length());
            });
        } catch (UncheckedIOException ex) {
            throw ex.getCause();
        } finally {
            if (!written[0]) {
                next.withdraw(size);
            }
        }
        return true;
    }

    private List<String> idsIn(RecordLog log) {
        List<String> ids = new ArrayList<>();
        recorded.forEach((id, e) -> {
            if (e.log() == log) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Has every message recorded in {@code log} and still queued written out as queue files. */
    private void writeOut(RecordLog log) throws IOException {
        for (String id : idsIn(log)) {
            materializer.materialize(id);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(CHECKPOINT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kind, id, envelope (for a message): the payload before the message's bytes. */
    private static byte[] head(byte kind, String id, byte[] envelope) {
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        int envelopeLength = envelope == null ? 0 : envelope.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + idBytes.length + 4 + envelopeLength);
        b.put(kind).put((byte) idBytes.length).put(idBytes).putInt(envelopeLength);
        if (envelope != null) {
            b.put(envelope);
        }
        return b.array();
    }

    /** A record's payload: a message, a {@code done} (no envelope), or null if it is neither. */
    private static Recovered parse(RecordLog log, long generation, ByteBuffer payload, long offset) {
        if (payload.remaining() < 6) {
            return null;
        }
        byte kind = payload.get(0);
        int idLength = Byte.toUnsignedInt(payload.get(1));
        if ((kind != MESSAGE && kind != DONE) || 2 + idLength + 4 > payload.remaining()) {
            return null;
        }
        byte[] id = new byte[idLength];
        payload.get(2, id);
        int envelopeLength = payload.getInt(2 + idLength);
        int envelopeAt = 2 + idLength + 4;
        if (envelopeLength < 0 || envelopeAt + envelopeLength > payload.remaining()) {
            return null;
        }
        String name = new String(id, StandardCharsets.US_ASCII);
        if (kind == DONE) {
            return new Recovered(name, generation, null, log, 0, 0);
        }
        byte[] envelope = new byte[envelopeLength];
        payload.get(envelopeAt, envelope);
        int messageAt = envelopeAt + envelopeLength;
        return new Recovered(name, generation, envelope, log, offset + messageAt, payload.remaining() - messageAt);
    }

    /**
     * Stops the checkpoints, writes out every message still queued in memory and clears the
     * logs: a clean stop leaves the queue as files.
     */
    @Override
    public void close() throws IOException {
        synchronized (monitor) {
            closing = true;
            monitor.notifyAll();
        }
        if (checkpointer != null) {
            try {
                checkpointer.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (checkpointer.isAlive()) {
                // A checkpoint stuck in I/O: the logs stay as they are, for the next start to read.
                LOG.warn("queue.journal_close_timeout (the journal is read again at the next start)");
                return;
            }
        }
        try {
            if (active != null) {
                switchLock.writeLock().lock();
                RecordLog last = active;
                try {
                    active = null;
                } finally {
                    switchLock.writeLock().unlock();
                }
                for (RecordLog log : logs) {
                    writeOut(log);
                }
                for (RecordLog log : logs) {
                    log.clear(Math.max(generation, last.generation()));
                }
            }
        } finally {
            for (RecordLog log : logs) {
                log.close();
            }
        }
    }
}
