package org.facteur.imap.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * Undoes a Content-Transfer-Encoding (RFC 2045 6): streaming through Mime4j's decoders for large
 * bodies, and in one pass over an array for small ones, where a Mime4j stream's set-up costs more
 * than the decoding (measured by {@code SearchBenchmark}). Both are lenient: broken input decodes
 * as far as it makes sense and is never an error, because a search must not fail on a bad message.
 */
final class TransferDecoding {

    private TransferDecoding() {
    }

    static InputStream streaming(InputStream raw, String encoding) {
        switch (encoding) {
            case "base64":
                return new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable":
                return new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default:
                return raw; // 7bit, 8bit, binary: the bytes are the text
        }
    }

    static byte[] whole(byte[] raw, String encoding) {
        switch (encoding) {
            case "base64":
                try {
                    // RFC 2045 6.8: characters outside the alphabet are ignored, as the MIME decoder does.
                    return Base64.getMimeDecoder().decode(raw);
                } catch (IllegalArgumentException badEnding) {
                    return readAll(streaming(new ByteArrayInputStream(raw), encoding)); // decodes what it can
                }
            case "quoted-printable":
                return quotedPrintable(raw);
            default:
                return raw;
        }
    }

    /**
     * RFC 2045 6.7: {@code =XX} is the octet XX; {@code =} at the end of a line, blanks allowed
     * between (rule 3), is a soft line break and disappears. An {@code =} that starts neither is
     * kept as it is, as the RFC suggests for robustness.
     */
    static byte[] quotedPrintable(byte[] raw) {
        byte[] out = new byte[raw.length];
        int n = 0;
        int i = 0;
        while (i < raw.length) {
            byte c = raw[i];
            if (c != '=') {
                out[n++] = c;
                i++;
                continue;
            }
            int hi = i + 1 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
            if (hi >= 0 && lo >= 0) {
                out[n++] = (byte) (hi << 4 | lo);
                i += 3;
                continue;
            }
            int end = i + 1;
            while (end < raw.length && (raw[end] == ' ' || raw[end] == '\t')) {
                end++;
            }
            if (end < raw.length && raw[end] == '\r' && end + 1 < raw.length && raw[end + 1] == '\n') {
                i = end + 2; // soft line break, CRLF
            } else if (end < raw.length && raw[end] == '\n') {
                i = end + 1; // soft line break, bare LF
            } else if (end == raw.length) {
                i = end; // "=" at the very end: a soft break before nothing
            } else {
                out[n++] = c;
                i++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
