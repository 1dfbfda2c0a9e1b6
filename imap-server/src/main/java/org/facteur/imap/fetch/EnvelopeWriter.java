package org.facteur.imap.fetch;

import java.util.List;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.mime.Address;
import org.facteur.mailbox.mime.Envelope;

/** Writes an ENVELOPE (RFC 3501 7.4.2; grammar in RFC 3501 9, "envelope"). */
final class EnvelopeWriter {

    private EnvelopeWriter() {
    }

    /** RFC 3501 9: "(" date subject from sender reply-to to cc bcc in-reply-to message-id ")". */
    static void write(ImapWriter out, Envelope envelope) {
        out.raw("(").nstring(envelope.date());
        out.raw(" ").nstring(envelope.subject());
        addresses(out.raw(" "), envelope.from());
        addresses(out.raw(" "), envelope.imapSender());
        addresses(out.raw(" "), envelope.imapReplyTo());
        addresses(out.raw(" "), envelope.to());
        addresses(out.raw(" "), envelope.cc());
        addresses(out.raw(" "), envelope.bcc());
        out.raw(" ").nstring(envelope.inReplyTo());
        out.raw(" ").nstring(envelope.messageId());
        out.raw(")");
    }

    /**
     * RFC 3501 9: env-from = "(" 1*address ")" / nil, addresses side by side with no space.
     * Group markers are already addresses of the special form RFC 3501 7.4.2 describes (mailbox
     * the group name and host NIL to open, all NIL to close), so they are written like any other.
     */
    private static void addresses(ImapWriter out, List<Address> addresses) {
        if (addresses.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        for (Address a : addresses) {
            out.raw("(").nstring(a.personalName())
                    .raw(" ").nstring(a.atDomainList())
                    .raw(" ").nstring(a.mailbox())
                    .raw(" ").nstring(a.host())
                    .raw(")");
        }
        out.raw(")");
    }
}
