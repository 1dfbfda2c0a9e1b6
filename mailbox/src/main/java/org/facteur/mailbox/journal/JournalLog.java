package org.facteur.mailbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.facteur.files.GroupCommit;

/**
 * One of the journal's two log files: a header, then records written one after the other from
 * {@link #RECORDS_START}. The file is filled with zeros ahead of use and never shrinks, so an
 * fdatasync of a record writes its pages and nothing else: no size or block map to update.
 *
 * <p>Header (at 0, within one 512-byte sector so that it is written whole or not at all, with
 * a CRC to tell): magic, version, the generation of the records the log holds (0 once
 * checkpointed), the highest generation known checkpointed, CRC.
 *
 * <p>Record: magic, body length, CRC32C of the body; body: generation, the folder's UIDVALIDITY
 * (a folder deleted and made again under the same name does not get the old one's messages),
 * the message's mtime, CRC32C of its content, its path's length and UTF-8 bytes, the content. A reader stops at the
 * first record that is torn, stale (another generation: the rest of an earlier round) or absent.
 */
final class JournalLog implements AutoCloseable {

    static final int RECORDS_START = 4096;
    private static final int HEADER_MAGIC = 0x464A4C31; // "FJL1"
    private static final int RECORD_MAGIC = 0x464A5231; // "FJR1"
    private static final int HEADER_SIZE = 32;
    /** magic, body length, body CRC. */
    private static final int RECORD_PREFIX = 12;
    /** generation, UIDVALIDITY, mtime, content CRC, path length. */
    private static final int BODY_FIXED = 8 + 8 + 8 + 4 + 2;
    private static final int ZEROS = 64 * 1024;

    /** What the header said, or null fields if it was torn. */
    record Header(long generation, long checkpointed) {
    }

    private final Path file;
    private final FileChannel channel;
    private final GroupCommit flush;
    private long capacity;
    /** Where the next record goes; guarded by this. */
    private long end = RECORDS_START;
    /** Bytes promised to appenders that hold a slot but have not written yet; guarded by this. */
    private long promised;
    private long generation;

    private JournalLog(Path file, FileChannel channel, long capacity) {
        this.file = file;
        this.channel = channel;
        this.capacity = capacity;
        this.flush = new GroupCommit(() -> channel.force(false));
    }

    /** Opens the log, creating it (zero-filled, durable) if it does not exist yet. */
    static JournalLog open(Path file, long initialCapacity) throws IOException {
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
            return new JournalLog(file, ch, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** The header as last written, or null if it cannot be trusted (torn, never written). */
    Header readHeader() throws IOException {
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
    synchronized void writeHeader(long recordsGeneration, long checkpointed) throws IOException {
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
    synchronized void start(long newGeneration, long checkpointed) throws IOException {
        generation = newGeneration;
        end = RECORDS_START;
        promised = 0;
        writeHeader(newGeneration, checkpointed);
    }

    /** Marks the log's records checkpointed, durably. */
    void clear(long checkpointed) throws IOException {
        synchronized (this) {
            generation = 0;
            end = RECORDS_START;
            promised = 0;
            writeHeader(0, checkpointed);
        }
        channel.force(false);
    }

    synchronized long generation() {
        return generation;
    }

    synchronized boolean isEmpty() {
        return end == RECORDS_START && promised == 0;
    }

    /** Whether more than half of the largest log this journal allows is used. */
    synchronized boolean isFilling(long maxCapacity) {
        return end + promised > maxCapacity / 2;
    }

    static int recordSize(int pathBytes, int contentLength) {
        return RECORD_PREFIX + BODY_FIXED + pathBytes + contentLength;
    }

    /**
     * Promises room for a record, growing the log up to {@code maxCapacity}; false if it does not
     * fit (the appender then takes the journal-free path).
     */
    synchronized boolean promise(int size, long maxCapacity) throws IOException {
        long needed = end + promised + size;
        if (needed > capacity) {
            if (needed > maxCapacity) {
                return false;
            }
            long grown = Math.min(maxCapacity, Math.max(needed, capacity * 2));
            zeroFill(channel, capacity, grown);
            // The new size must be durable before an fdatasync counts on it.
            channel.force(true);
            capacity = grown;
        }
        promised += size;
        return true;
    }

    synchronized void withdraw(int size) {
        promised -= size;
    }

    /** Writes a promised record (durable after {@link #awaitDurable}). */
    synchronized void append(long recordGeneration, long uidValidity, String path, long mtimeMillis, int contentCrc,
                             byte[] content, int length, int promisedSize) throws IOException {
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        int size = recordSize(pathBytes.length, length);
        promised -= promisedSize;
        if (size > promisedSize) {
            throw new IllegalArgumentException("record of " + size + " bytes in room for " + promisedSize);
        }
        ByteBuffer head = ByteBuffer.allocate(RECORD_PREFIX + BODY_FIXED + pathBytes.length);
        head.putInt(RECORD_MAGIC).putInt(size - RECORD_PREFIX).putInt(0);
        head.putLong(recordGeneration).putLong(uidValidity).putLong(mtimeMillis).putInt(contentCrc).putShort((short) pathBytes.length);
        head.put(pathBytes);
        CRC32C crc = new CRC32C();
        crc.update(head.array(), RECORD_PREFIX, head.position() - RECORD_PREFIX);
        crc.update(content, 0, length);
        head.putInt(8, (int) crc.getValue());
        head.flip();
        ByteBuffer[] parts = {head, ByteBuffer.wrap(content, 0, length)};
        channel.position(end);
        long left = size;
        while (left > 0) {
            left -= channel.write(parts);
        }
        end += size;
    }

    /** Returns once every record written before the call is durable (one fdatasync for many). */
    void awaitDurable() throws IOException {
        flush.await();
    }

    /** The records of one generation found from the start of the log, stopping at the first bad one. */
    List<JournalRecord> read() throws IOException {
        List<JournalRecord> records = new ArrayList<>();
        long size = channel.size();
        long at = RECORDS_START;
        long recordsGeneration = -1;
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
            int pathLength = Short.toUnsignedInt(body.getShort(28));
            if (BODY_FIXED + pathLength > bodyLength) {
                break;
            }
            String path = new String(body.array(), BODY_FIXED, pathLength, StandardCharsets.UTF_8);
            int contentLength = bodyLength - BODY_FIXED - pathLength;
            records.add(new JournalRecord(gen, body.getLong(8), path, body.getLong(16), body.getInt(24), contentLength, this,
                    at + RECORD_PREFIX + BODY_FIXED + pathLength));
            at += RECORD_PREFIX + bodyLength;
        }
        return records;
    }

    byte[] readContent(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, offset);
        return b.array();
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of " + file);
            }
            pos += n;
        }
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
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
    public void close() throws IOException {
        channel.close();
    }
}
