package org.facteur.mailbox.mime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the MIME structure of a message and the offset of every header and body in one pass
 * over its lines (RFC 2045, RFC 2046 5.1, RFC 5322).
 *
 * <p>Mime4j's streaming parser tells what the parts are but not where they lie, so the byte
 * structure is walked here and only the header fields are handed to Mime4j. Each entity reads
 * lines until a boundary of any enclosing multipart (innermost first) or the end of the input;
 * a boundary line it cannot own is pushed back for the multipart that does. So a missing close
 * delimiter, a part that runs into its parent's boundary, or a truncated file all end where a
 * reader would expect, and nothing ever fails.
 *
 * <p>Limits keep hostile input cheap: past {@link #MAX_DEPTH} levels of nesting or
 * {@link #MAX_PARTS} entities, a multipart or message is no longer descended into and is
 * reported as text/plain (as Dovecot does).
 */
final class StructureScanner {

    static final int MAX_DEPTH = 50;
    static final int MAX_PARTS = 10_000;

    /** An entity and its header, which the caller may still need (for an envelope). */
    record Entity(MimePart part, HeaderCollector header) {
    }

    private final LineReader reader;
    /** Boundaries of the enclosing multiparts as {@code "--" + boundary}, innermost last. */
    private final List<byte[]> delimiters = new ArrayList<>();
    private int parts;

    StructureScanner(LineReader reader) {
        this.reader = reader;
    }

    Entity scanMessage() throws IOException {
        return entity(0, false, 0);
    }

    /**
     * @param headerStart where the entity starts: after its boundary line, or where the body of
     *     its message/rfc822 container starts (which may be before the next line when that body
     *     is empty)
     */
    private Entity entity(int depth, boolean inDigest, long headerStart) throws IOException {
        parts++;
        HeaderCollector header = new HeaderCollector();
        long bodyStart = readHeader(header, headerStart);
        long firstBodyLine = reader.nextLineIndex();

        ContentFields content = ContentFieldsReader.read(header, inDigest);
        List<MimePart> children = List.of();
        EmbeddedMessage embedded = null;
        boolean mayDescend = depth < MAX_DEPTH && parts < MAX_PARTS;
        if (content.isMultipart()) {
            byte[] delimiter = delimiter(content.parameter("boundary"));
            if (mayDescend && delimiter != null) {
                children = multipartBody(delimiter, depth, content.subtype().equals("digest"));
            } else {
                skipBody();
            }
            if (children.isEmpty()) {
                // RFC 3501 BODYSTRUCTURE needs at least one part in a multipart: degrade.
                content = content.withType("text", "plain", ContentFields.US_ASCII);
            }
        } else if (isEncapsulatedMessage(content)) {
            if (mayDescend && isIdentityEncoding(content.encoding())) {
                Entity inner = entity(depth + 1, false, bodyStart);
                embedded = new EmbeddedMessage(MessageHeaderReader.envelope(inner.header()), inner.part());
            } else {
                // An encoded message/rfc822 (RFC 2046 5.2.1 forbids it) cannot be read in place.
                skipBody();
                content = content.withType("text", "plain", ContentFields.US_ASCII);
            }
        } else {
            skipBody();
        }

        long bodyEnd;
        long bodyLines;
        if (reader.hasPushedBack()) {
            // RFC 2046 5.1.1: the line end before a boundary belongs to the boundary.
            bodyEnd = Math.max(bodyStart, reader.lineStart() - reader.previousEolLength());
            bodyLines = reader.lineIndex() - firstBodyLine;
            long contentEnd = embedded != null ? embedded.root().bodyEnd()
                    : children.isEmpty() ? bodyEnd : children.get(children.size() - 1).bodyEnd();
            if (contentEnd > bodyEnd) {
                // What this entity holds already took that line end: a header-only message keeps
                // the blank line ending its header (as a header-only part does), and an empty last
                // part starts after its delimiter line. The entity spans what it holds
                // (package documentation), so it takes that line end too.
                bodyEnd = contentEnd;
            } else if (bodyLines > 0 && reader.previousContentLength() == 0) {
                bodyLines--; // that empty line is only the boundary's line end
            }
        } else {
            bodyEnd = reader.octetsRead();
            bodyLines = reader.linesRead() - firstBodyLine;
        }
        MimePart part = new MimePart(content, headerStart, bodyStart, bodyEnd, Math.max(0, bodyLines),
                children, embedded);
        return new Entity(part, header);
    }

    /**
     * Reads header lines up to and including the blank line that ends them; returns where the
     * body starts. A boundary or the end of the input also ends the header, leaving no body;
     * the line end before such a boundary is the boundary's, as for a body (RFC 2046 5.1.1).
     */
    private long readHeader(HeaderCollector header, long headerStart) throws IOException {
        while (reader.next()) {
            if (delimiterLevel() >= 0) {
                reader.pushBack();
                return Math.max(headerStart, reader.lineStart() - reader.previousEolLength());
            }
            if (reader.isBlank()) {
                return reader.lineEnd();
            }
            header.line(reader.bytes(), reader.keptLength());
        }
        return reader.octetsRead();
    }

    /** Reads the body of a multipart; returns its parts (none when no boundary was found). */
    private List<MimePart> multipartBody(byte[] delimiter, int depth, boolean digest) throws IOException {
        List<MimePart> children = new ArrayList<>();
        delimiters.add(delimiter);
        int own = delimiters.size() - 1;
        try {
            while (reader.next()) {
                int level = delimiterLevel();
                if (level < 0) {
                    continue; // preamble, or text between parts that belongs to nobody
                }
                if (level != own) {
                    reader.pushBack(); // an enclosing multipart's boundary: ours is over
                    return children;
                }
                if (isCloseDelimiter(delimiter) || parts >= MAX_PARTS) {
                    delimiters.remove(own);
                    skipBody(); // RFC 2046 5.1.1 epilogue
                    return children;
                }
                children.add(entity(depth + 1, digest, reader.lineEnd()).part());
            }
            return children;
        } finally {
            if (delimiters.size() > own) {
                delimiters.remove(own);
            }
        }
    }

    /** Reads lines until an enclosing boundary (left for its owner) or the end of the input. */
    private void skipBody() throws IOException {
        while (reader.next()) {
            if (delimiterLevel() >= 0) {
                reader.pushBack();
                return;
            }
        }
    }

    /**
     * Which enclosing multipart the current line is a boundary of (its index, innermost tried
     * first), or -1. RFC 2046 5.1.1: {@code "--" boundary ["--"]} then only blanks
     * (transport padding).
     */
    private int delimiterLevel() {
        if (delimiters.isEmpty() || reader.contentLength() > reader.keptLength()) {
            return -1;
        }
        byte[] line = reader.bytes();
        int length = reader.keptLength();
        if (length < 3 || line[0] != '-' || line[1] != '-') {
            return -1;
        }
        for (int level = delimiters.size() - 1; level >= 0; level--) {
            byte[] delimiter = delimiters.get(level);
            if (startsWith(line, length, delimiter) && onlyPadding(line, length, delimiter.length)) {
                return level;
            }
        }
        return -1;
    }

    private boolean isCloseDelimiter(byte[] delimiter) {
        byte[] line = reader.bytes();
        int at = delimiter.length;
        return reader.keptLength() >= at + 2 && line[at] == '-' && line[at + 1] == '-';
    }

    private static boolean onlyPadding(byte[] line, int length, int from) {
        int at = from;
        if (at + 1 < length && line[at] == '-' && line[at + 1] == '-') {
            at += 2;
        }
        for (; at < length; at++) {
            if (line[at] != ' ' && line[at] != '\t' && line[at] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] line, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code "--" + boundary}, or null when the boundary is unusable (RFC 2046 5.1.1: 1 to 70 chars; we allow more). */
    private static byte[] delimiter(String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 1000) {
            return null;
        }
        byte[] bytes = boundary.getBytes(StandardCharsets.UTF_8);
        byte[] delimiter = new byte[bytes.length + 2];
        delimiter[0] = '-';
        delimiter[1] = '-';
        System.arraycopy(bytes, 0, delimiter, 2, bytes.length);
        return delimiter;
    }

    private static boolean isEncapsulatedMessage(ContentFields content) {
        // RFC 2046 5.2.1 message/rfc822; RFC 6532 3.5 message/global has the same structure.
        return content.type().equals("message")
                && (content.subtype().equals("rfc822") || content.subtype().equals("global"));
    }

    private static boolean isIdentityEncoding(String encoding) {
        return encoding.equals("7bit") || encoding.equals("8bit") || encoding.equals("binary");
    }
}
