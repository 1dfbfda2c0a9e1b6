package org.facteur.mailbox.mime;

import java.util.List;
import java.util.Objects;

/**
 * One entity of the body structure with where it lies in the stored file.
 *
 * <p>Offsets count octets from the first byte of the file:
 * <ul>
 * <li>{@code headerStart}: the first byte of the entity's header (for a part of a multipart, the
 *     byte after the boundary line's line end);
 * <li>{@code bodyStart}: the first byte after the blank line that ends the header, so the header
 *     range {@code [headerStart, bodyStart)} includes that blank line (RFC 3501 6.4.5: HEADER and
 *     MIME include it). When the header has no blank line (it runs into a boundary or the end of
 *     the file), {@code bodyStart} is where it stops and the body is empty;
 * <li>{@code bodyEnd}: the end of the body, exclusive. For a part of a multipart, the line end
 *     before the next boundary belongs to the boundary (RFC 2046 5.1.1), not to the body.
 * </ul>
 *
 * <p>{@code bodyLines} is the number of lines of the body: its line ends, plus one if its last line
 * has none (as happens to every part that ends at a boundary). IMAP reports it for text/* and
 * message/rfc822; it is kept for every part.
 *
 * @param children the parts of a multipart, in order (empty for any other type)
 * @param embedded the message inside a message/rfc822 part, else null
 */
public record MimePart(
        ContentFields content,
        long headerStart,
        long bodyStart,
        long bodyEnd,
        long bodyLines,
        List<MimePart> children,
        EmbeddedMessage embedded) {

    public MimePart {
        Objects.requireNonNull(content, "content");
        children = List.copyOf(children);
    }

    public long headerSize() {
        return bodyStart - headerStart;
    }

    /** The body size in octets, as BODYSTRUCTURE reports it (before any transfer decoding). */
    public long bodySize() {
        return bodyEnd - bodyStart;
    }

    public boolean isMultipart() {
        return content.isMultipart();
    }

    public boolean isMessage() {
        return embedded != null;
    }
}
