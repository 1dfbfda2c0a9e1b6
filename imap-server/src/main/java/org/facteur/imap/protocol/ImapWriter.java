package org.facteur.imap.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes response syntax (RFC 3501 9) to a stream: atoms and numbers as they are, strings quoted
 * when they can be and as literals when they cannot, message bytes as literals streamed from the
 * store. Spaces and parentheses are the caller's: {@code w.raw("(").string(s).raw(" ")...}.
 *
 * <p>Non-ASCII text goes out as a literal of its UTF-8 bytes unless the client enabled
 * UTF8=ACCEPT (RFC 6855), which allows it in quoted strings.
 */
public final class ImapWriter {

    /** Longest string sent quoted; longer ones go as literals, which cost no escaping. */
    private static final int MAX_QUOTED = 1024;

    private final OutputStream out;
    private boolean utf8Accepted;

    public ImapWriter(OutputStream out) {
        this.out = out;
    }

    public void utf8Accepted(boolean accepted) {
        this.utf8Accepted = accepted;
    }

    /** ASCII text written as it is: atoms, keywords, spaces, parentheses, CRLF. */
    public ImapWriter raw(String ascii) {
        return bytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Response bytes prepared elsewhere (a FETCH response built in memory), written as they are. */
    public ImapWriter rawBytes(byte[] prepared) {
        return bytes(prepared);
    }

    public ImapWriter number(long n) {
        return raw(Long.toString(n));
    }

    /** A string: quoted when that is allowed, else a literal. */
    public ImapWriter string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (!quotable(s, utf8.length)) {
            return literal(utf8);
        }
        StringBuilder quoted = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return bytes(quoted.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A string, or NIL for null. */
    public ImapWriter nstring(String s) {
        return s == null ? raw("NIL") : string(s);
    }

    /** A literal; a NUL in {@code content} goes out as 0x80 ({@link NulFreeOutput}). */
    public ImapWriter literal(byte[] content) {
        raw("{" + content.length + "}\r\n");
        return bytes(NulFreeOutput.replace(content));
    }

    /** A literal of exactly {@code length} bytes streamed from {@code content}, a NUL sent as 0x80. */
    public ImapWriter literal(InputStream content, long length) {
        return streamed("{", content, length);
    }

    /** A literal8 {@code ~{n}} (RFC 3516 4.2): the only form that may carry NUL bytes. */
    public ImapWriter literal8(InputStream content, long length) {
        return streamed("~{", content, length);
    }

    private ImapWriter streamed(String open, InputStream content, long length) {
        raw(open + length + "}\r\n");
        try (content) {
            long copied = content.transferTo(open.equals("{") ? new NulFreeOutput(out) : out);
            if (copied != length) {
                // The literal's length is already sent: a short stream would desynchronise the client.
                throw new IllegalStateException("literal announced " + length + " bytes, stream gave " + copied);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private boolean quotable(String s, int utf8Length) {
        if (utf8Length > MAX_QUOTED) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c > 0x7f && !utf8Accepted)) {
                return false;
            }
        }
        return true;
    }

    private ImapWriter bytes(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
