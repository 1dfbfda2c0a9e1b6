package org.facteur.smtp.relay;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The DATA encoding (RFC 5321 4.5.2): a line that starts with '.' gets one more; the content
 * ends with CRLF (added if missing) and then {@code .CRLF}.
 */
final class DotStuffer {

    private final OutputStream out;
    private boolean lineStart = true;
    private int last = -1;
    private int beforeLast = -1;

    DotStuffer(OutputStream out) {
        this.out = out;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
        int from = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (lineStart && b[i] == '.') {
                out.write(b, from, i - from);
                out.write('.');
                from = i;
            }
            lineStart = b[i] == '\n';
        }
        out.write(b, from, end - from);
        if (len >= 2) {
            beforeLast = b[end - 2];
            last = b[end - 1];
        } else if (len == 1) {
            beforeLast = last;
            last = b[off];
        }
    }

    void finish() throws IOException {
        if (last != -1 && !(beforeLast == '\r' && last == '\n')) {
            out.write('\r');
            out.write('\n');
        }
        out.write(new byte[] {'.', '\r', '\n'});
    }
}
