package org.facteur.imap.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.mime.MimePart;

/**
 * Writes the value of a BODY[section]&lt;partial&gt; item (RFC 3501 6.4.5): the byte range of the
 * stored file that the summary assigns to the section (see MessageSummary), streamed; only
 * HEADER.FIELDS holds what it keeps of a header, as a literal's length comes before its bytes.
 *
 * <p>A section that does not exist (a part number beyond the structure, HEADER or TEXT after the
 * number of a part that is not a message/rfc822) is answered with the empty string {@code ""},
 * as Dovecot answers it: RFC 3501 names no answer for it, and the empty string keeps the item an
 * ordinary string for clients that do not expect NIL there. MIME of a message/rfc822 part is that
 * part's own MIME header.
 */
final class SectionReader {

    private SectionReader() {
    }

    static void write(ImapWriter out, FetchSource message, Section section, Partial partial) {
        Located located = locate(message, section);
        if (located == null) {
            out.string("");
        } else if (located.bytes() != null) {
            bytes(out, located.bytes(), partial);
        } else {
            range(out, message, located.from(), located.to(), partial);
        }
    }

    /** Copies the section's bytes (or their partial range) to {@code out}; false for a missing section. */
    static boolean copy(FetchSource message, Section section, Partial partial, OutputStream out) throws IOException {
        Located located = locate(message, section);
        if (located == null) {
            return false;
        }
        long size = located.bytes() != null ? located.bytes().length : Math.max(0, located.to() - located.from());
        long start = partial == null ? 0 : partial.start(size);
        long length = partial == null ? size : partial.length(size);
        if (located.bytes() != null) {
            out.write(located.bytes(), (int) start, (int) length);
        } else if (length > 0) {
            try (InputStream in = message.content(located.from() + start, length)) {
                in.transferTo(out);
            }
        }
        return true;
    }

    /** Where a section lies: a range {@code [from, to)} of the file, or bytes computed from it (HEADER.FIELDS). */
    private record Located(long from, long to, byte[] bytes) {
    }

    /** The section's place, or null when it does not exist. */
    private static Located locate(FetchSource message, Section section) {
        if (!section.needsSummary()) {
            return new Located(0, message.record().size(), null);
        }
        MimePart part = message.summary().part(section.path()).orElse(null);
        if (part == null) {
            return null;
        }
        switch (section.text()) {
            case ALL:
                return new Located(part.bodyStart(), part.bodyEnd(), null);
            case MIME:
                return new Located(part.headerStart(), part.bodyStart(), null);
            default:
                MimePart target = messageRoot(part, section);
                if (target == null) {
                    return null;
                }
                if (section.text() == Section.Text.TEXT) {
                    return new Located(target.bodyStart(), target.bodyEnd(), null);
                }
                if (section.text() == Section.Text.HEADER) {
                    return new Located(target.headerStart(), target.bodyStart(), null);
                }
                HeaderFieldFilter filter =
                        new HeaderFieldFilter(section.fields(), section.text() == Section.Text.HEADER_FIELDS_NOT);
                return new Located(0, 0, filtered(filter, message, target));
        }
    }

    /**
     * The entity whose header and text HEADER, HEADER.FIELDS and TEXT name: the message itself
     * without a part number, else the message inside a message/rfc822 part (RFC 3501 6.4.5); null
     * for any other part.
     */
    private static MimePart messageRoot(MimePart part, Section section) {
        if (section.path().isEmpty()) {
            return part;
        }
        return part.isMessage() ? part.embedded().root() : null;
    }

    private static void range(ImapWriter out, FetchSource message, long from, long to, Partial partial) {
        long size = Math.max(0, to - from);
        long start = partial == null ? 0 : partial.start(size);
        long length = partial == null ? size : partial.length(size);
        if (length == 0) {
            out.string("");
        } else {
            out.literal(message.content(from + start, length), length);
        }
    }

    private static void bytes(ImapWriter out, byte[] content, Partial partial) {
        int start = partial == null ? 0 : (int) partial.start(content.length);
        int length = partial == null ? content.length : (int) partial.length(content.length);
        if (length == 0) {
            out.string("");
        } else if (start == 0 && length == content.length) {
            out.literal(content);
        } else {
            out.literal(Arrays.copyOfRange(content, start, start + length));
        }
    }

    private static byte[] filtered(HeaderFieldFilter filter, FetchSource message, MimePart entity) {
        try (InputStream header = message.content(entity.headerStart(), entity.headerSize())) {
            return filter.filter(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
