package org.facteur.imap.fetch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)] (RFC 3501 6.4.5) over the raw header
 * bytes: the selected fields exactly as stored, folded lines and line ends included, then the
 * blank line that ends a header.
 */
final class HeaderFieldFilter {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Set<String> names = new HashSet<>();
    private final boolean exclude;

    /** Keeps the fields named in {@code names}, or with {@code exclude} all the others. */
    HeaderFieldFilter(List<String> names, boolean exclude) {
        for (String name : names) {
            this.names.add(name.toLowerCase(Locale.ROOT)); // RFC 5322 1.2.2: names are case-insensitive
        }
        this.exclude = exclude;
    }

    /** The filtered header of {@code header}, which runs from a header's first byte to (at most) its blank line. */
    byte[] filter(byte[] header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean keep = false;
        int lineStart = 0;
        while (lineStart < header.length) {
            int lineEnd = lineEnd(header, lineStart);
            if (isBlank(header, lineStart, lineEnd)) {
                break;
            }
            byte first = header[lineStart];
            if (first != ' ' && first != '\t') {
                // RFC 5322 2.2.3: a line starting with white space continues the field before it.
                String name = fieldName(header, lineStart, lineEnd);
                keep = name != null && names.contains(name.toLowerCase(Locale.ROOT)) != exclude;
            }
            if (keep) {
                out.write(header, lineStart, lineEnd - lineStart);
            }
            lineStart = lineEnd;
        }
        byte[] kept = out.toByteArray();
        if (kept.length > 0 && kept[kept.length - 1] != '\n') {
            out.writeBytes(CRLF); // a header that ran into the end of the file: close its last line
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /** The index after the LF ending the line that starts at {@code start}, or the end of the bytes. */
    private static int lineEnd(byte[] b, int start) {
        for (int i = start; i < b.length; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        int length = end - start;
        return (length == 1 && b[start] == '\n') || (length == 2 && b[start] == '\r' && b[start + 1] == '\n');
    }

    /**
     * The field name before the colon, trailing white space removed (RFC 5322 4.5.3 allows it in
     * obsolete syntax); null for a line that is not a field.
     */
    private static String fieldName(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] == ':') {
                int nameEnd = i;
                while (nameEnd > start && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
                    nameEnd--;
                }
                return new String(b, start, nameEnd - start, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
