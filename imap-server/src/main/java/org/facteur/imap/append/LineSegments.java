package org.facteur.imap.append;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream as lines, each with its line feed, cut into segments of at most
 * {@value #MAX} bytes so that binary data without line feeds is never held whole. A segment
 * {@linkplain Segment#lineStart() starts a line} unless the one before it was cut; only those
 * can be MIME boundary lines or header lines. One segment can be pushed back.
 */
final class LineSegments {

    static final int MAX = 8192;

    /** Bytes of one line or of a piece of a long line. */
    record Segment(byte[] bytes, boolean lineStart) {
        boolean endsLine() {
            return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
        }

        /** Whether the line is empty: CRLF or a bare LF, as ends a header (RFC 5322 2.1). */
        boolean blank() {
            return lineStart && (bytes.length == 1 && bytes[0] == '\n'
                    || bytes.length == 2 && bytes[0] == '\r' && bytes[1] == '\n');
        }

        /** The length of the line's terminator (CRLF, LF or none). */
        int terminatorLength() {
            if (!endsLine()) {
                return 0;
            }
            return bytes.length >= 2 && bytes[bytes.length - 2] == '\r' ? 2 : 1;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[MAX];
    private boolean atLineStart = true;
    private Segment pushedBack;

    LineSegments(InputStream in) {
        this.in = in;
    }

    /** The next segment, or null at the end of the stream. */
    Segment next() throws IOException {
        if (pushedBack != null) {
            Segment s = pushedBack;
            pushedBack = null;
            return s;
        }
        int length = 0;
        while (length < MAX) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buffer[length++] = (byte) b;
            if (b == '\n') {
                break;
            }
        }
        if (length == 0) {
            return null;
        }
        Segment segment = new Segment(Arrays.copyOf(buffer, length), atLineStart);
        atLineStart = buffer[length - 1] == '\n';
        return segment;
    }

    void pushBack(Segment segment) {
        if (pushedBack != null) {
            throw new IllegalStateException("one segment can be pushed back");
        }
        pushedBack = segment;
    }
}
