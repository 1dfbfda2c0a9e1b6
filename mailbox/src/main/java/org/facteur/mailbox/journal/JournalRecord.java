package org.facteur.mailbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.facteur.files.RecordLog;

/**
 * A message as the journal recorded it: where its file is (relative to the mail root), its
 * mtime and the CRC32C of its content. The content itself stays in the log until asked for, so
 * that replaying a full journal does not hold it all in memory.
 *
 * <p>In its log ({@link RecordLog}) a record's payload is: the folder's UIDVALIDITY (a folder
 * deleted and made again under the same name does not get the old one's messages), the
 * message's mtime, the CRC32C of its content, its path's length and UTF-8 bytes, the content.
 */
public final class JournalRecord {

    private final long generation;
    private final long uidValidity;
    private final String path;
    private final long mtimeMillis;
    private final int contentCrc;
    private final int length;
    /** UIDVALIDITY, mtime, content CRC, path length. */
    private static final int HEAD_FIXED = 8 + 8 + 4 + 2;

    private final RecordLog log;
    private final long contentOffset;

    private JournalRecord(long generation, long uidValidity, String path, long mtimeMillis, int contentCrc, int length,
                          RecordLog log, long contentOffset) {
        this.generation = generation;
        this.uidValidity = uidValidity;
        this.path = path;
        this.mtimeMillis = mtimeMillis;
        this.contentCrc = contentCrc;
        this.length = length;
        this.log = log;
        this.contentOffset = contentOffset;
    }

    /** The payload before the content. */
    static byte[] head(long uidValidity, String path, long mtimeMillis, int contentCrc) {
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEAD_FIXED + pathBytes.length).putLong(uidValidity).putLong(mtimeMillis)
                .putInt(contentCrc).putShort((short) pathBytes.length).put(pathBytes).array();
    }

    /** The room a record takes in its log, for a path of at most {@code pathBytes} UTF-8 bytes. */
    static int recordSize(int pathBytes, int contentLength) {
        return RecordLog.recordSize(HEAD_FIXED + pathBytes + contentLength);
    }

    /** The records of a log, as {@link RecordLog#read} gives them. */
    static RecordLog.Parser<JournalRecord> parser(RecordLog log) {
        return (generation, payload, payloadOffset) -> {
            if (payload.remaining() < HEAD_FIXED) {
                return null;
            }
            int pathLength = Short.toUnsignedInt(payload.getShort(20));
            if (HEAD_FIXED + pathLength > payload.remaining()) {
                return null;
            }
            byte[] path = new byte[pathLength];
            payload.get(HEAD_FIXED, path);
            int headLength = HEAD_FIXED + pathLength;
            return new JournalRecord(generation, payload.getLong(0), new String(path, StandardCharsets.UTF_8),
                    payload.getLong(8), payload.getInt(16), payload.remaining() - headLength, log,
                    payloadOffset + headLength);
        };
    }

    public long generation() {
        return generation;
    }

    /** The UIDVALIDITY of the folder the message was appended to. */
    public long uidValidity() {
        return uidValidity;
    }

    /** The file's path relative to the mail root, with "/" between names. */
    public String path() {
        return path;
    }

    public long mtimeMillis() {
        return mtimeMillis;
    }

    public int contentCrc() {
        return contentCrc;
    }

    public int length() {
        return length;
    }

    /** The message's bytes, read from the log. */
    public byte[] content() throws IOException {
        return log.readBytes(contentOffset, length);
    }

    /** The CRC32C of some bytes, as the journal and the journaled file names use it. */
    public static int crcOf(byte[] content, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(content, offset, length);
        return (int) crc.getValue();
    }
}
