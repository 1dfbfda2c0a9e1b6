package org.facteur.mailbox.journal;

import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * A message as the journal recorded it: where its file is (relative to the mail root), its
 * mtime and the CRC32C of its content. The content itself stays in the log until asked for, so
 * that replaying a full journal does not hold it all in memory.
 */
public final class JournalRecord {

    private final long generation;
    private final long uidValidity;
    private final String path;
    private final long mtimeMillis;
    private final int contentCrc;
    private final int length;
    private final JournalLog log;
    private final long contentOffset;

    JournalRecord(long generation, long uidValidity, String path, long mtimeMillis, int contentCrc, int length, JournalLog log,
                  long contentOffset) {
        this.generation = generation;
        this.uidValidity = uidValidity;
        this.path = path;
        this.mtimeMillis = mtimeMillis;
        this.contentCrc = contentCrc;
        this.length = length;
        this.log = log;
        this.contentOffset = contentOffset;
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
        return log.readContent(contentOffset, length);
    }

    /** The CRC32C of some bytes, as the journal and the journaled file names use it. */
    public static int crcOf(byte[] content, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(content, offset, length);
        return (int) crc.getValue();
    }
}
