package org.facteur.mailbox.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The first bytes of a message being appended, up to a limit: all of it if it is small enough
 * for the append journal ({@link #complete}), else the head to write before copying the rest.
 */
record MessageHead(byte[] bytes, int length, boolean complete) {

    private static final int FIRST_BUFFER = 8 * 1024;

    /** Reads up to {@code limit} bytes, and one more to learn whether the message ends there. */
    static MessageHead read(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[Math.min(Math.max(FIRST_BUFFER, in.available() + 1), limit + 1)];
        int length = 0;
        while (true) {
            if (length == buf.length) {
                if (length > limit) {
                    return new MessageHead(buf, length, false);
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, limit + 1));
            }
            int n = in.read(buf, length, buf.length - length);
            if (n < 0) {
                return new MessageHead(buf, length, true);
            }
            length += n;
        }
    }

    InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }
}
