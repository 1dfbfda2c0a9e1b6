package org.facteur.imap.fetch;

import java.io.IOException;
import java.io.InputStream;
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
        if (!section.needsSummary()) {
            range(out, message, 0, message.record().size(), partial);
            return;
        }
        MimePart part = message.summary().part(section.path()).orElse(null);
        if (part == null) {
            out.string("");
            return;
        }
        switch (section.text()) {
            case ALL -> range(out, message, part.bodyStart(), part.bodyEnd(), partial);
            case MIME -> range(out, message, part.headerStart(), part.bodyStart(), partial);
            default -> {
                MimePart target = messageRoot(part, section);
                if (target == null) {
                    out.string("");
                } else if (section.text() == Section.Text.TEXT) {
                    range(out, message, target.bodyStart(), target.bodyEnd(), partial);
                } else if (section.text() == Section.Text.HEADER) {
                    range(out, message, target.headerStart(), target.bodyStart(), partial);
                } else {
                    HeaderFieldFilter filter =
                            new HeaderFieldFilter(section.fields(), section.text() == Section.Text.HEADER_FIELDS_NOT);
                    bytes(out, filtered(filter, message, target), partial);
                }
            }
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
