package org.facteur.imap.append;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;

/**
 * Rewrites a message so that every leaf part with {@code Content-Transfer-Encoding: binary} is
 * base64 instead, as a server may store what a literal8 APPEND brought (RFC 3516 4.3); Dovecot
 * does the same. Everything else passes byte for byte: other parts, multipart preambles and
 * epilogues, boundaries, headers but the one field. BINARY[part] decodes the base64, so the
 * client gets its bytes back; BODY[part] then never carries a NUL, which no IMAP literal may
 * (RFC 3501 9, CHAR8).
 *
 * <p>Streams: it holds one header (at most {@link PartHeader#LIMIT}) and one line segment of a
 * body at a time, whatever the message's size. Multipart boundaries are recognised at the start
 * of a line, after CRLF or a bare LF (RFC 2046 5.1.1); the line break before a boundary belongs
 * to the boundary, so it is not part of the encoded content.
 */
public final class BinaryToBase64 {

    private static final byte[] CRLF = {'\r', '\n'};

    private final LineSegments in;
    private final OutputStream out;
    /** The delimiters ("--" boundary) of the multiparts the current entity is in, innermost first. */
    private final Deque<byte[]> delimiters = new ArrayDeque<>();

    private BinaryToBase64(InputStream in, OutputStream out) {
        boolean buffered = in instanceof BufferedInputStream || in instanceof ByteArrayInputStream;
        this.in = new LineSegments(buffered ? in : new BufferedInputStream(in, 64 * 1024));
        this.out = out;
    }

    /** How deep entities nest before the rest is copied unconverted, as the store's parser stops too. */
    static final int MAX_DEPTH = 50;

    /** Copies the message from {@code in} to {@code out}, binary leaf parts turned to base64. */
    public static void convert(InputStream in, OutputStream out) throws IOException {
        BinaryToBase64 converter = new BinaryToBase64(in, out);
        converter.entity(0);
        converter.copyUntilDelimiter();
    }

    /**
     * One entity, header and body, up to a delimiter of an enclosing multipart or the end. Past
     * {@link #MAX_DEPTH} nested entities the rest is copied as it is: a message built to nest
     * without end must not exhaust the stack.
     */
    private void entity(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            copyUntilDelimiter();
            return;
        }
        PartHeader header = PartHeader.read(in, this::isDelimiter);
        if (header.binaryLeaf()) {
            header.writeBase64To(out);
            encodeBody();
            return;
        }
        header.writeTo(out);
        String boundary = header.boundary();
        if (boundary != null) {
            multipart(("--" + boundary).getBytes(StandardCharsets.ISO_8859_1), depth);
        } else if (header.encapsulatesMessage()) {
            entity(depth + 1);
        } else {
            copyUntilDelimiter();
        }
    }

    /** RFC 2046 5.1.1: preamble, then each body part after its delimiter, then the epilogue. */
    private void multipart(byte[] delimiter, int depth) throws IOException {
        delimiters.push(delimiter);
        try {
            copyUntilDelimiter();
            LineSegments.Segment line;
            while ((line = in.next()) != null) {
                if (!delimits(line, delimiter)) {
                    in.pushBack(line); // an enclosing multipart's delimiter ends this one too
                    return;
                }
                out.write(line.bytes());
                if (closes(line, delimiter)) {
                    delimiters.pop();
                    copyUntilDelimiter(); // the epilogue, up to an enclosing delimiter
                    delimiters.push(delimiter);
                    return;
                }
                entity(depth + 1);
            }
        } finally {
            delimiters.pop();
        }
    }

    private void copyUntilDelimiter() throws IOException {
        LineSegments.Segment s;
        while ((s = in.next()) != null) {
            if (isDelimiter(s)) {
                in.pushBack(s);
                return;
            }
            out.write(s.bytes());
        }
    }

    /**
     * Encodes the body up to the next delimiter or the end. The line break held back after each
     * segment is content unless a delimiter follows it.
     */
    private void encodeBody() throws IOException {
        OutputStream base64 = Base64.getMimeEncoder().wrap(new KeepOpen(out));
        byte[] held = new byte[0];
        long encoded = 0;
        LineSegments.Segment s;
        while ((s = in.next()) != null) {
            if (isDelimiter(s)) {
                in.pushBack(s);
                held = new byte[0];
                break;
            }
            base64.write(held);
            int content = s.bytes().length - s.terminatorLength();
            base64.write(s.bytes(), 0, content);
            encoded += held.length + content;
            held = java.util.Arrays.copyOfRange(s.bytes(), content, s.bytes().length);
        }
        base64.write(held);
        encoded += held.length;
        base64.close();
        // Ends the last base64 line; before a delimiter it is also the delimiter's line break.
        if (encoded > 0 || s != null) {
            out.write(CRLF);
        }
    }

    private boolean isDelimiter(LineSegments.Segment s) {
        for (byte[] delimiter : delimiters) {
            if (delimits(s, delimiter)) {
                return true;
            }
        }
        return false;
    }

    /** A line "--boundary", maybe "--" after it, then only white space (RFC 2046 5.1.1). */
    private static boolean delimits(LineSegments.Segment s, byte[] delimiter) {
        byte[] b = s.bytes();
        if (!s.lineStart() || b.length < delimiter.length) {
            return false;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (b[i] != delimiter[i]) {
                return false;
            }
        }
        int i = delimiter.length;
        if (i + 1 < b.length && b[i] == '-' && b[i + 1] == '-') {
            i += 2;
        }
        for (; i < b.length; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean closes(LineSegments.Segment s, byte[] delimiter) {
        byte[] b = s.bytes();
        return b.length >= delimiter.length + 2 && b[delimiter.length] == '-' && b[delimiter.length + 1] == '-';
    }

    /** Lets the base64 encoder be closed (to write its padding) without closing the message. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
