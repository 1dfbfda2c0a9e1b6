package org.facteur.mailbox.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a message one physical line at a time, remembering where each line starts in the file.
 *
 * <p>A line ends at LF; a CR just before that LF belongs to the line end, so CRLF and bare LF
 * both work. A bare CR is ordinary content. Only the first {@link #KEEP} bytes of a line are
 * kept: enough for any header line worth parsing and any boundary (RFC 2046 5.1.1 caps them at
 * 70 characters), while a 25 MB base64 blob without a single LF costs no more memory than one
 * short line.
 *
 * <p>One line can be pushed back, so that the part that meets a boundary can leave it to the
 * multipart that owns it.
 */
final class LineReader {

    static final int KEEP = 64 * 1024;
    /** Small enough to come from the thread's allocation buffer: one reader per parsed message. */
    private static final int BUFFER = 16 * 1024;

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    /** Offset in the file of {@code buffer[position]}. */
    private long offset;

    private byte[] line = new byte[256];
    private int kept;
    private long lineStart;
    private long contentLength;
    private int eolLength;
    private long lineIndex = -1;
    private long previousContentLength = -1;
    private int previousEolLength;
    private boolean pushedBack;

    LineReader(InputStream in) throws IOException {
        this.in = in;
        // A small message in memory (or a small file) needs no 16 KB buffer to zero.
        int available = in.available();
        this.buffer = new byte[available > 0 ? Math.max(1024, Math.min(BUFFER, available + 1)) : BUFFER];
    }

    /** Advances to the next line; false at the end of the input (then nothing changes). */
    boolean next() throws IOException {
        if (pushedBack) {
            pushedBack = false;
            return true;
        }
        if (!fill()) {
            return false;
        }
        previousContentLength = lineIndex < 0 ? -1 : contentLength;
        previousEolLength = eolLength;
        lineIndex++;
        lineStart = offset;
        kept = 0;
        long length = 0;
        boolean lf = false;
        byte last = 0;
        while (!lf && fill()) {
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            lf = end < limit;
            if (end > position) {
                last = buffer[end - 1];
            }
            keep(position, end - position);
            length += end - position;
            int consumed = end - position + (lf ? 1 : 0);
            position += consumed;
            offset += consumed;
        }
        if (lf) {
            boolean cr = length > 0 && last == '\r';
            eolLength = cr ? 2 : 1;
            contentLength = cr ? length - 1 : length;
            if (cr && kept > contentLength) {
                kept--;
            }
        } else {
            eolLength = 0;
            contentLength = length;
        }
        return true;
    }

    private void keep(int from, int count) {
        int room = Math.min(count, KEEP - kept);
        if (room <= 0) {
            return;
        }
        if (kept + room > line.length) {
            line = Arrays.copyOf(line, Math.min(KEEP, Math.max(line.length * 2, kept + room)));
        }
        System.arraycopy(buffer, from, line, kept, room);
        kept += room;
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        position = 0;
        limit = 0;
        while (limit == 0) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit = n;
        }
        return true;
    }

    /** The next call to {@link #next()} returns the current line again. */
    void pushBack() {
        pushedBack = true;
    }

    boolean hasPushedBack() {
        return pushedBack;
    }

    /** Where the line that {@link #next()} will return starts. */
    long nextLineStart() {
        return pushedBack ? lineStart : offset;
    }

    /** The index of the line that {@link #next()} will return. */
    long nextLineIndex() {
        return pushedBack ? lineIndex : lineIndex + 1;
    }

    /** The first bytes of the line's content (without its line end), at most {@link #KEEP}. */
    byte[] bytes() {
        return line;
    }

    int keptLength() {
        return kept;
    }

    long lineStart() {
        return lineStart;
    }

    long contentLength() {
        return contentLength;
    }

    /** 2 for CRLF, 1 for a bare LF, 0 for a last line without a line end. */
    int eolLength() {
        return eolLength;
    }

    /** Offset just after this line and its line end. */
    long lineEnd() {
        return lineStart + contentLength + eolLength;
    }

    /** Zero-based index of the current line among all lines of the input. */
    long lineIndex() {
        return lineIndex;
    }

    /** Line end length of the line before this one (0 when this is the first). */
    int previousEolLength() {
        return previousEolLength;
    }

    /** Content length of the line before this one, -1 when this is the first. */
    long previousContentLength() {
        return previousContentLength;
    }

    boolean isBlank() {
        return contentLength == 0;
    }

    /** Lines read so far, pushed-back line included. */
    long linesRead() {
        return lineIndex + 1;
    }

    /** Octets read so far, pushed-back line included. */
    long octetsRead() {
        return offset;
    }
}
