package org.facteur.mailbox.mime;

import java.util.List;

/**
 * The ENVELOPE of a message (RFC 3501 7.4.2), every string raw: unfolded and trimmed, but RFC
 * 2047 encoded words left encoded, as IMAP sends them. Null means NIL; an empty list means NIL
 * too.
 *
 * <p>Header bytes are read as UTF-8 when they are valid UTF-8 (RFC 6532), otherwise as
 * ISO-8859-1, which maps every byte to one char and so loses nothing.
 *
 * <p>{@link #sender()} and {@link #replyTo()} hold what the message says (empty when the field is
 * absent or holds no address); RFC 3501's rule that they default to From is applied on read by
 * {@link #imapSender()} and {@link #imapReplyTo()}. Storing the message's own content keeps the
 * summary a faithful record, and the default costs nothing to apply.
 *
 * @param inReplyTo the In-Reply-To field as written
 * @param messageId the Message-ID field as written
 */
public record Envelope(
        String date,
        String subject,
        List<Address> from,
        List<Address> sender,
        List<Address> replyTo,
        List<Address> to,
        List<Address> cc,
        List<Address> bcc,
        String inReplyTo,
        String messageId) {

    public static final Envelope EMPTY =
            new Envelope(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null);

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** RFC 3501 7.4.2: "If the Sender header line is absent ... the server MUST default ... to From". */
    public List<Address> imapSender() {
        return sender.isEmpty() ? from : sender;
    }

    /** RFC 3501 7.4.2: Reply-To defaults to From the same way. */
    public List<Address> imapReplyTo() {
        return replyTo.isEmpty() ? from : replyTo;
    }
}
