package org.facteur.mailbox.mime;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything IMAP and the index need to know about one stored message, computed once at append
 * by {@link MessageParser} so that FETCH and SEARCH never parse the message again.
 *
 * <h2>Answering FETCH from offsets (RFC 3501 6.4.5)</h2>
 * Let {@code p = part(path)}; every range is {@code [from, to)} in the stored file.
 * <ul>
 * <li>{@code BODY[]}: {@code [0, size)}. {@code BODY[HEADER]} and {@code BODY[HEADER.FIELDS
 *     ...]}: {@code root} header {@code [root.headerStart, root.bodyStart)} (the blank line
 *     included; HEADER.FIELDS filters it). {@code BODY[TEXT]}: {@code [root.bodyStart,
 *     root.bodyEnd)}.
 * <li>{@code BODY[n.m]}: {@code [p.bodyStart, p.bodyEnd)}. For a message/rfc822 part that is the
 *     whole embedded message, header included; for a multipart, the whole multipart body,
 *     preamble and epilogue included. For a message that is not multipart, {@code BODY[1]} is the
 *     root's body.
 * <li>{@code BODY[n.m.MIME]}: {@code [p.headerStart, p.bodyStart)}, the part's own MIME header.
 * <li>{@code BODY[n.m.HEADER]}, {@code BODY[n.m.TEXT]}: only for a message/rfc822 part: the
 *     header and body of {@code p.embedded().root()}.
 * </ul>
 *
 * @param size the message size in octets (RFC822.SIZE)
 * @param lines the number of lines of the whole message: line ends, plus one if the last line
 *     has none
 * @param envelope the top-level ENVELOPE
 * @param root the top-level entity: its header starts at 0 and its body ends at {@code size}
 * @param search decoded header fields for SEARCH, SORT and THREAD
 */
public record MessageSummary(long size, long lines, Envelope envelope, MimePart root, SearchFields search) {

    public MessageSummary {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(search, "search");
    }

    /**
     * The entity an IMAP section part specifier names (RFC 3501 6.4.5), empty when there is none.
     *
     * <p>The empty path is the message itself ({@code root}). Numbers are one-based. Inside a
     * message (the top level, or the message of a message/rfc822 part): if its root is multipart,
     * {@code n} is its n-th part; otherwise only {@code 1} exists and is the root itself ("non-multipart
     * messages ... only have a part 1"). Inside a multipart part, {@code n} is its n-th part; a
     * message/rfc822 part's numbers go into its embedded message; any other part has none.
     */
    public Optional<MimePart> part(List<Integer> path) {
        MimePart current = null;
        for (int number : path) {
            if (number < 1) {
                return Optional.empty();
            }
            MimePart messageRoot;
            if (current == null) {
                messageRoot = root;
            } else if (current.isMultipart()) {
                current = child(current, number);
                if (current == null) {
                    return Optional.empty();
                }
                continue;
            } else if (current.isMessage()) {
                messageRoot = current.embedded().root();
            } else {
                return Optional.empty();
            }
            if (messageRoot.isMultipart()) {
                current = child(messageRoot, number);
            } else {
                current = number == 1 ? messageRoot : null;
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current == null ? root : current);
    }

    /** Same as {@link #part(List)}: {@code part()} is the message, {@code part(2, 3)} is "2.3". */
    public Optional<MimePart> part(int... path) {
        return part(Arrays.stream(path).boxed().toList());
    }

    private static MimePart child(MimePart multipart, int number) {
        List<MimePart> children = multipart.children();
        return number <= children.size() ? children.get(number - 1) : null;
    }

    /** The compact binary form for the index (see the package documentation for the format). */
    public byte[] encode() {
        return SummaryCodec.encode(this);
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a summary of a known format version
     */
    public static MessageSummary decode(byte[] encoded) {
        return SummaryCodec.decode(encoded);
    }
}
