package org.facteur.imap.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.RangeInputStream;
import org.facteur.mailbox.mime.MimePart;

/**
 * The content of a BINARY section (RFC 3516 4.1): a part's body with its Content-Transfer-Encoding
 * undone, decoded as it streams from the stored file. A literal's length comes before its bytes,
 * so a large part is decoded twice (once to count, once to send) rather than held in memory;
 * a small one is decoded once into an array.
 */
final class BinaryContent {

    /** Parts whose stored body is smaller than this are decoded once, into memory. */
    static final long IN_MEMORY_BELOW = 256 * 1024;

    /** RFC 2045 6.1: the identity encodings and the two that transform. */
    private static final Set<String> IDENTITY = Set.of("7bit", "8bit", "binary");
    private static final String BASE64 = "base64";
    private static final String QUOTED_PRINTABLE = "quoted-printable";

    private final FetchSource message;
    private final long from;
    private final long to;
    private final String encoding;
    private byte[] decoded;

    private BinaryContent(FetchSource message, long from, long to, String encoding) {
        this.message = message;
        this.from = from;
        this.to = to;
        this.encoding = encoding;
    }

    /**
     * The section named by {@code path}, or null when the message has no such part. The empty
     * path is the whole message as stored; a multipart or message/rfc822 part has no transfer
     * encoding of its own to undo (RFC 2045 6.4), so it is sent as stored.
     */
    static BinaryContent of(FetchSource message, List<Integer> path) {
        if (path.isEmpty()) {
            return new BinaryContent(message, 0, message.record().size(), "binary");
        }
        MimePart part = message.summary().part(path).orElse(null);
        if (part == null) {
            return null;
        }
        String encoding = part.isMultipart() || part.isMessage() ? "binary" : part.content().encoding();
        return new BinaryContent(message, part.bodyStart(), part.bodyEnd(), encoding);
    }

    /** Throws when the encoding is none the server can undo (RFC 3516 4.3: NO [UNKNOWN-CTE]). */
    void checkDecodable() {
        if (!IDENTITY.contains(encoding) && !encoding.equals(BASE64) && !encoding.equals(QUOTED_PRINTABLE)) {
            throw new UnknownEncodingException(encoding);
        }
    }

    /** The decoded size in octets (BINARY.SIZE, RFC 3516 4.1). */
    long size() {
        if (IDENTITY.contains(encoding)) {
            return Math.max(0, to - from);
        }
        return small() ? decoded().length : scan(0, 0).size;
    }

    /** Writes the decoded section, or its partial range, as a string: a literal8 only when it holds a NUL. */
    void write(ImapWriter out, Partial partial) {
        if (small()) {
            byte[] all = decoded();
            int start = partial == null ? 0 : (int) partial.start(all.length);
            int length = partial == null ? all.length : (int) partial.length(all.length);
            boolean nul = false;
            for (int i = start; i < start + length && !nul; i++) {
                nul = all[i] == 0;
            }
            send(out, new java.io.ByteArrayInputStream(all, start, length), length, nul);
            return;
        }
        long origin = partial == null ? 0 : partial.origin();
        long count = partial == null ? Long.MAX_VALUE : partial.count();
        Scan scan = scan(origin, count);
        long start = Math.min(origin, scan.size);
        long length = Math.min(count, scan.size - start);
        InputStream in = open();
        try {
            in.skipNBytes(start);
        } catch (IOException e) {
            close(in);
            throw new UncheckedIOException(e);
        }
        send(out, new RangeInputStream(in, length), length, scan.nulInRange);
    }

    private static void send(ImapWriter out, InputStream content, long length, boolean nul) {
        if (length == 0) {
            close(content);
            out.string("");
        } else if (nul) {
            out.literal8(content, length);
        } else {
            out.literal(content, length);
        }
    }

    private boolean small() {
        return to - from < IN_MEMORY_BELOW;
    }

    private byte[] decoded() {
        if (decoded == null) {
            try (InputStream in = open()) {
                decoded = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return decoded;
    }

    private InputStream open() {
        InputStream raw = message.content(from, Math.max(0, to - from));
        // Lenient as a reader must be: broken input decodes as far as it makes sense (RFC 2045 6.8).
        if (encoding.equals(BASE64)) {
            return new Base64InputStream(raw, DecodeMonitor.SILENT);
        }
        if (encoding.equals(QUOTED_PRINTABLE)) {
            return new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
        }
        return raw;
    }

    private record Scan(long size, boolean nulInRange) {
    }

    /** One decoding pass: the decoded size, and whether a NUL lies in {@code [origin, origin + count)}. */
    private Scan scan(long origin, long count) {
        long size = 0;
        boolean nul = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = open()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n && !nul; i++) {
                    long at = size + i;
                    nul = buffer[i] == 0 && at >= origin && at - origin < count;
                }
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scan(size, nul);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was read from it that could be lost.
        }
    }
}
