package org.facteur.imap.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on with every NUL replaced by 0x80, for the body of a {@code {n}} literal: RFC
 * 3501 9 makes a literal CHAR8 ({@code %x01-ff}), so a NUL may only travel in a literal8 (RFC
 * 3516 4.2, BINARY). A message can still hold one (received over SMTP, or stored before APPEND
 * converted literal8 messages); Dovecot sends 0x80 in its place too, which keeps the length.
 * Never closes the stream under it.
 */
final class NulFreeOutput extends FilterOutputStream {

    static final byte STAND_IN = (byte) 0x80;

    NulFreeOutput(OutputStream out) {
        super(out);
    }

    /** {@code bytes} itself when it holds no NUL, else a copy with each NUL replaced. */
    static byte[] replace(byte[] bytes) {
        byte[] copy = null;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (copy == null) {
                    copy = bytes.clone();
                }
                copy[i] = STAND_IN;
            }
        }
        return copy == null ? bytes : copy;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b == 0 ? STAND_IN : b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end && b[i] != 0) {
            i++;
        }
        if (i == end) {
            out.write(b, off, len);
            return;
        }
        // The caller's buffer is not ours to change: copy only when there is something to replace.
        byte[] copy = java.util.Arrays.copyOfRange(b, off, end);
        for (int k = i - off; k < copy.length; k++) {
            if (copy[k] == 0) {
                copy[k] = STAND_IN;
            }
        }
        out.write(copy, 0, copy.length);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
