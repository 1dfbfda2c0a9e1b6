package org.facteur.imap.append;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * The header of one MIME entity as sent, field by field (a field with its continuation lines),
 * and what {@link BinaryToBase64} needs of it: the media type, the multipart boundary and the
 * Content-Transfer-Encoding (RFC 2045 5, 6; RFC 2046 5.1.1).
 */
final class PartHeader {

    /** A header larger than this is left as it is, and so is its body. */
    static final int LIMIT = 256 * 1024;

    private final List<byte[]> fields;
    private final byte[] end;
    private final boolean oversized;
    private String mediaType = "text/plain"; // RFC 2045 5.2
    private String boundary;
    private String encoding = "7bit"; // RFC 2045 6.1
    private int encodingField = -1;

    private PartHeader(List<byte[]> fields, byte[] end, boolean oversized) {
        this.fields = fields;
        this.end = end;
        this.oversized = oversized;
        for (int i = 0; i < fields.size(); i++) {
            understand(i);
        }
    }

    /**
     * Reads a header up to and including its blank line; a delimiter line of an enclosing
     * multipart ends it too (pushed back: the part has no body), and so does the end of input.
     */
    static PartHeader read(LineSegments in, Predicate<LineSegments.Segment> delimiter) throws IOException {
        List<byte[]> fields = new ArrayList<>();
        ByteArrayOutputStream field = null;
        long size = 0;
        while (true) {
            LineSegments.Segment s = in.next();
            if (s == null) {
                break;
            }
            if (delimiter.test(s)) {
                in.pushBack(s);
                break;
            }
            if (s.blank()) {
                close(fields, field);
                return new PartHeader(fields, s.bytes(), false);
            }
            boolean continuation = !s.lineStart() || s.bytes()[0] == ' ' || s.bytes()[0] == '\t';
            if (!continuation || field == null) {
                close(fields, field);
                field = new ByteArrayOutputStream();
            }
            field.write(s.bytes());
            size += s.bytes().length;
            if (size > LIMIT) {
                close(fields, field);
                return new PartHeader(fields, new byte[0], true);
            }
        }
        close(fields, field);
        return new PartHeader(fields, new byte[0], false);
    }

    private static void close(List<byte[]> fields, ByteArrayOutputStream field) {
        if (field != null) {
            fields.add(field.toByteArray());
        }
    }

    /** Whether the body is sent as binary and is a leaf, so may be stored as base64. */
    boolean binaryLeaf() {
        return !oversized && encoding.equals("binary") && !mediaType.startsWith("multipart/")
                && !mediaType.startsWith("message/");
    }

    /** Whether the body was cut short of the blank line by the size limit: leave it alone. */
    boolean oversized() {
        return oversized;
    }

    /** The boundary of a multipart entity, or null. */
    String boundary() {
        return oversized || !mediaType.startsWith("multipart/") ? null : boundary;
    }

    /** Whether the body is itself a message (RFC 2046 5.2.1), whose parts may be binary too. */
    boolean encapsulatesMessage() {
        return !oversized && (mediaType.equals("message/rfc822") || mediaType.equals("message/global"));
    }

    void writeTo(OutputStream out) throws IOException {
        for (byte[] field : fields) {
            out.write(field);
        }
        out.write(end);
    }

    /** Writes the header with its Content-Transfer-Encoding field saying base64, the rest as sent. */
    void writeBase64To(OutputStream out) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i == encodingField) {
                byte[] field = fields.get(i);
                boolean crlf = field.length >= 2 && field[field.length - 2] == '\r';
                out.write(("Content-Transfer-Encoding: base64" + (crlf ? "\r\n" : "\n"))
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(fields.get(i));
            }
        }
        out.write(end);
    }

    private void understand(int index) {
        byte[] field = fields.get(index);
        int colon = indexOf(field, (byte) ':');
        if (colon <= 0) {
            return;
        }
        String name = new String(field, 0, colon, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
        if (!name.equals("content-type") && !name.equals("content-transfer-encoding")) {
            return;
        }
        ByteArrayBuffer value = new ByteArrayBuffer(field, field.length, true);
        RawBody body;
        try {
            body = RawFieldParser.DEFAULT.parseRawBody(value, new ParserCursor(colon + 1, field.length));
        } catch (RuntimeException unreadable) {
            return; // as if absent: the RFC 2045 defaults stand
        }
        String text = body.getValue() == null ? "" : body.getValue().trim().toLowerCase(Locale.ROOT);
        if (name.equals("content-transfer-encoding")) {
            encoding = text;
            encodingField = index;
        } else if (text.indexOf('/') > 0) {
            mediaType = text;
            boundary = null;
            for (NameValuePair param : body.getParams()) {
                if ("boundary".equalsIgnoreCase(param.getName()) && param.getValue() != null
                        && !param.getValue().isEmpty()) {
                    boundary = param.getValue();
                }
            }
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
