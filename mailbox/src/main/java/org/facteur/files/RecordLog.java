package org.facteur.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A log file of records made durable together, one group fdatasync for many writers: the
 * store's append journal and the queue's commit journal each keep two. The file is filled with
 * zeros ahead of use and never shrinks, so an fdatasync of a record writes its pages and nothing
 * else: no size or block map to update.
 *
 * <p>Header (at 0, within one 512-byte sector so that it is written whole or not at all, with
 * a CRC to tell): magic, version, the generation of the records the log holds (0 once
 * cleared), the highest generation its owner knows checkpointed, CRC.
 *
 * <p>Record: magic, body length, CRC32C of the body; body: generation, then the owner's payload.
 * A reader stops at the first record that is torn, stale (another generation: the rest of an
 * earlier round) or absent.
 */
public final class RecordLog implements AutoCloseable {

    public static final int RECORDS_START = 4096;
    private static final int HEADER_MAGIC = 0x464A4C31; // "FJL1"
    private static final int RECORD_MAGIC = 0x464A5231; // "FJR1"
    private static final int HEADER_SIZE = 32;
    /** magic, body length, body CRC. */
    private static final int RECORD_PREFIX = 12;
    /** The generation, before the payload. */
    private static final int BODY_FIXED = 8;
    private static final int ZEROS = 64 * 1024;

    /** What the header said. */
    public record Header(long generation, long checkpointed) {
    }

    /** Reads the owner's payload of one record. */
    public interface Parser<T> {
        /**
         * {@code payload} holds the record's payload (valid during the call only), which starts at
         * {@code payloadOffset} in the file ({@link #readBytes}); null if the payload is not one
         * of the owner's (a reader stops there).
         */
        T parse(long generation, ByteBuffer payload, long payloadOffset);
    }

    private final Path file;
    private final boolean created;
    /** Replaced if an interrupt of a thread using it closes it (see {@link #io}). */
    private volatile FileChannel channel;
    private volatile boolean closed;
    private final GroupCommit flush;
    /** A failed flush of this round: its records may be lost, so no later one counts as durable. */
    private volatile IOException flushFailure;
    private long capacity;
    /** Where the next record goes; guarded by this. */
    private long end = RECORDS_START;
    /** Bytes promised to appenders that hold a slot but have not written yet; guarded by this. */
    private long promised;
    private long generation;

    private RecordLog(Path file, boolean created, FileChannel channel, long capacity) {
        this.file = file;
        this.created = created;
        this.channel = channel;
        this.capacity = capacity;
        this.flush = new GroupCommit(() -> {
            try {
                io(ch -> {
                    ch.force(false);
                    return null;
                });
            } catch (IOException e) {
                flushFailure = e;
                throw e;
            }
        });
    }

    /** Opens the log, creating it (zero-filled, durable) if it does not exist yet. */
    public static RecordLog open(Path file, long initialCapacity) throws IOException {
        boolean created = !Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (created || size < RECORDS_START) {
                zeroFill(ch, 0, Math.max(initialCapacity, RECORDS_START * 2));
                size = ch.size();
                ch.force(true);
            }
            return new RecordLog(file, created, ch, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Opens the two logs of a journal, {@code dir/<prefix>-0.log} and {@code -1.log}, creating
     * them and their directory durably if needed.
     */
    public static RecordLog[] openPair(Path dir, String prefix, long initialCapacity) throws IOException {
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        RecordLog[] logs = new RecordLog[2];
        try {
            for (int i = 0; i < 2; i++) {
                logs[i] = open(dir.resolve(prefix + "-" + i + ".log"), initialCapacity);
            }
            if (logs[0].created() || logs[1].created()) {
                DirectorySync.force(dir);
            }
            if (created) {
                DirectorySync.force(dir.getParent());
            }
            return logs;
        } catch (IOException | RuntimeException e) {
            closeAll(logs);
            throw e;
        }
    }

    /** Closes the logs that were opened (null entries are skipped). */
    public static void closeAll(RecordLog[] logs) throws IOException {
        for (RecordLog log : logs) {
            if (log != null) {
                log.close();
            }
        }
    }

    /** Whether {@link #open} made the file (its directory needs an fsync for it to last). */
    public boolean created() {
        return created;
    }

    /** The log's I/O, given the current channel. */
    private interface Io<T> {
        T run(FileChannel ch) throws IOException;
    }

    /**
     * Runs log I/O so that an interrupt cannot break the journal: a FileChannel closes itself when
     * a thread blocked in it is interrupted (a pool shutting down), which would fail every later
     * append. The caller's interrupt flag is put aside during the call and kept; a channel
     * closed under the call is opened again and the call retried.
     */
    private <T> T io(Io<T> call) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                FileChannel ch = channel;
                try {
                    return call.run(ch);
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    if (closed || attempt == 3) {
                        throw e;
                    }
                    reopen(ch);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel broken) throws IOException {
        if (channel == broken && !closed) {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    /** The header as last written, or null if it cannot be trusted (torn, never written). */
    public Header readHeader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        readFully(b, 0);
        b.flip();
        if (b.getInt(0) != HEADER_MAGIC || b.getInt(4) != 1) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 24);
        if ((int) crc.getValue() != b.getInt(24)) {
            return null;
        }
        return new Header(b.getLong(8), b.getLong(16));
    }

    /** Writes the header (not flushed: the next flush of the log carries it). */
    private void writeHeader(long recordsGeneration, long checkpointed) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        b.putInt(HEADER_MAGIC).putInt(1).putLong(recordsGeneration).putLong(checkpointed);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 24);
        b.putInt((int) crc.getValue());
        b.putInt(0);
        b.flip();
        writeFully(b, 0);
    }

    /** Starts a new round of records of this generation, from the start of the log. */
    public synchronized void start(long newGeneration, long checkpointed) throws IOException {
        generation = newGeneration;
        end = RECORDS_START;
        promised = 0;
        flushFailure = null;
        writeHeader(newGeneration, checkpointed);
    }

    /** {@link #start}, durably: the generation is not given again after a crash. */
    public void startDurably(long newGeneration, long checkpointed) throws IOException {
        start(newGeneration, checkpointed);
        force();
    }

    /**
     * Marks the log's records checkpointed, durably. The first record is overwritten too, so that
     * no reader can take the round's records for pending ones, even under a torn header.
     */
    public void clear(long checkpointed) throws IOException {
        // A flush first: a syncfs just before may leave metadata written during its writeback in
        // the device's cache, and the header must not reach the disk before it.
        force();
        synchronized (this) {
            generation = 0;
            end = RECORDS_START;
            promised = 0;
            writeFully(ByteBuffer.allocate(RECORD_PREFIX), RECORDS_START);
            writeHeader(0, checkpointed);
        }
        force();
    }

    private void force() throws IOException {
        io(ch -> {
            ch.force(false);
            return null;
        });
    }

    public synchronized long generation() {
        return generation;
    }

    public synchronized boolean isEmpty() {
        return end == RECORDS_START && promised == 0;
    }

    /** Whether a record was written in this round (reservations not counted). */
    public synchronized boolean hasRecords() {
        return end > RECORDS_START;
    }

    /** Whether a flush of this round failed: no record of it may be acknowledged any more. */
    public boolean failed() {
        return flushFailure != null;
    }

    /** Whether more than half of the largest log this journal allows is used. */
    public synchronized boolean isFilling(long maxCapacity) {
        return end + promised > maxCapacity / 2;
    }

    /** The room a record takes in the log. */
    public static int recordSize(int payloadLength) {
        return RECORD_PREFIX + BODY_FIXED + payloadLength;
    }

    /**
     * Promises room for a record, growing the log up to {@code maxCapacity}; false if it does not
     * fit (the appender then takes the journal-free path).
     */
    public synchronized boolean promise(int size, long maxCapacity) throws IOException {
        long needed = end + promised + size;
        if (needed > capacity) {
            if (needed > maxCapacity) {
                return false;
            }
            long grown = Math.min(maxCapacity, Math.max(needed, capacity * 2));
            long from = capacity;
            io(ch -> {
                zeroFill(ch, from, grown);
                // The new size must be durable before an fdatasync counts on it.
                ch.force(true);
                return null;
            });
            capacity = grown;
        }
        promised += size;
        return true;
    }

    public synchronized void withdraw(int size) {
        promised -= size;
    }

    /**
     * Writes a promised record whose payload is {@code head} then {@code length} bytes of
     * {@code content} (durable after {@link #awaitDurable}).
     */
    public synchronized void append(long recordGeneration, byte[] head, byte[] content, int length, int promisedSize)
            throws IOException {
        int size = recordSize(head.length + length);
        promised -= promisedSize;
        if (size > promisedSize) {
            throw new IllegalArgumentException("record of " + size + " bytes in room for " + promisedSize);
        }
        ByteBuffer prefix = ByteBuffer.allocate(RECORD_PREFIX + BODY_FIXED);
        prefix.putInt(RECORD_MAGIC).putInt(size - RECORD_PREFIX).putInt(0).putLong(recordGeneration);
        CRC32C crc = new CRC32C();
        crc.update(prefix.array(), RECORD_PREFIX, BODY_FIXED);
        crc.update(head, 0, head.length);
        crc.update(content, 0, length);
        prefix.putInt(8, (int) crc.getValue());
        byte[] prefixBytes = prefix.array();
        long at = end;
        io(ch -> {
            ByteBuffer[] parts = {ByteBuffer.wrap(prefixBytes), ByteBuffer.wrap(head), ByteBuffer.wrap(content, 0, length)};
            ch.position(at);
            long left = size;
            while (left > 0) {
                left -= ch.write(parts);
            }
            return null;
        });
        end += size;
    }

    /** Returns once every record written before the call is durable (one fdatasync for many). */
    public void awaitDurable() throws IOException {
        flush.await();
        IOException failed = flushFailure;
        if (failed != null) {
            // Linux forgets a failed flush's pages: a later flush succeeding proves nothing.
            throw new IOException("an earlier flush of the journal failed: " + failed.getMessage(), failed);
        }
    }

    /**
     * The records of the round the header names, from the start of the log, stopping at the first
     * bad one; none if the header says the log was cleared. Under a torn header, the generation
     * of the first record found.
     */
    public <T> List<T> read(Parser<T> parser) throws IOException {
        List<T> records = new ArrayList<>();
        Header header = readHeader();
        if (header != null && header.generation() == 0) {
            return records;
        }
        long size = channel.size();
        long at = RECORDS_START;
        long recordsGeneration = header == null ? -1 : header.generation();
        ByteBuffer prefix = ByteBuffer.allocate(RECORD_PREFIX);
        while (at + RECORD_PREFIX + BODY_FIXED <= size) {
            prefix.clear();
            readFully(prefix, at);
            int bodyLength = prefix.getInt(4);
            if (prefix.getInt(0) != RECORD_MAGIC || bodyLength < BODY_FIXED || at + RECORD_PREFIX + bodyLength > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(bodyLength);
            readFully(body, at + RECORD_PREFIX);
            CRC32C crc = new CRC32C();
            crc.update(body.array(), 0, bodyLength);
            if ((int) crc.getValue() != prefix.getInt(8)) {
                break;
            }
            long gen = body.getLong(0);
            if (recordsGeneration >= 0 && gen != recordsGeneration) {
                break;
            }
            recordsGeneration = gen;
            T record = parser.parse(gen, body.position(BODY_FIXED).slice(), at + RECORD_PREFIX + BODY_FIXED);
            if (record == null) {
                break;
            }
            records.add(record);
            at += RECORD_PREFIX + bodyLength;
        }
        return records;
    }

    /** Bytes of the file, for payloads read later than {@link #read}. */
    public byte[] readBytes(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, offset);
        return b.array();
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        int start = b.position();
        io(ch -> {
            b.position(start);
            long pos = at;
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) {
                    throw new IOException("unexpected end of " + file);
                }
                pos += n;
            }
            return null;
        });
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        int start = b.position();
        io(ch -> {
            b.position(start);
            long pos = at;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            return null;
        });
    }

    private static void zeroFill(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(ZEROS);
        long at = from;
        while (at < to) {
            zeros.clear();
            zeros.limit((int) Math.min(ZEROS, to - at));
            while (zeros.hasRemaining()) {
                at += ch.write(zeros, at);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }
}
