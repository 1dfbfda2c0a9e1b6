package org.facteur.imap.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)] (RFC 3501 6.4.5) over the raw header
 * bytes: the selected fields exactly as stored, folded lines and line ends included, then the
 * blank line that ends a header.
 *
 * <p>The header is read as a stream and only what is kept is held: a message without a blank
 * line is all header, and asking for its Subject must not load all of it.
 */
final class HeaderFieldFilter {

    private static final byte[] CRLF = {'\r', '\n'};
    /** How much of a line start is looked at for a field name; RFC 5322 2.1.1 caps lines at 998. */
    private static final int LINE_START = 1000;

    private final Set<String> names = new HashSet<>();
    private final boolean exclude;

    /** Keeps the fields named in {@code names}, or with {@code exclude} all the others. */
    HeaderFieldFilter(List<String> names, boolean exclude) {
        for (String name : names) {
            this.names.add(name.toLowerCase(Locale.ROOT)); // RFC 5322 1.2.2: names are case-insensitive
        }
        this.exclude = exclude;
    }

    /** The filtered header read from {@code header}: from a header's first byte to (at most) its blank line. */
    byte[] filter(InputStream header) throws IOException {
        InputStream in = new BufferedInputStream(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] start = new byte[LINE_START];
        boolean keep = false;
        int lastKept = -1;
        while (true) {
            int length = 0;
            int b = -1;
            while (length < start.length && (b = in.read()) >= 0) {
                start[length++] = (byte) b;
                if (b == '\n') {
                    break;
                }
            }
            boolean lineEnded = b == '\n';
            if (length == 0 || (lineEnded && isBlank(start, length))) {
                break;
            }
            if (start[0] != ' ' && start[0] != '\t') {
                // RFC 5322 2.2.3: a line starting with white space continues the field before it.
                String name = fieldName(start, length);
                keep = name != null && names.contains(name.toLowerCase(Locale.ROOT)) != exclude;
            }
            if (keep) {
                out.write(start, 0, length);
                lastKept = start[length - 1];
            }
            while (!lineEnded && (b = in.read()) >= 0) {
                lineEnded = b == '\n';
                if (keep) {
                    out.write(b);
                    lastKept = b;
                }
            }
        }
        if (lastKept >= 0 && lastKept != '\n') {
            out.writeBytes(CRLF); // a header that ran into the end of the file: close its last line
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private static boolean isBlank(byte[] line, int length) {
        return length == 1 || (length == 2 && line[0] == '\r');
    }

    /**
     * The field name before the colon, trailing white space removed (RFC 5322 4.5.3 allows it in
     * obsolete syntax); null for a line that is not a field.
     */
    private static String fieldName(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                int end = i;
                while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
                    end--;
                }
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }
}
