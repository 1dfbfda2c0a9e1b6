package org.facteur.imap.search;

import java.util.List;

import org.facteur.mailbox.mime.Address;
import org.facteur.mailbox.mime.Envelope;
import org.facteur.mailbox.mime.MailAddress;
import org.facteur.mailbox.mime.MessageSummary;
import org.facteur.mailbox.mime.SearchFields;

/**
 * FROM, TO, CC, BCC and SUBJECT (RFC 3501 6.4.4), answered from the decoded fields of the summary
 * without reading the file. An address matches on its whole text, display name included
 * ({@code Fred Foobar <foobar@example.com>}), as a user who types a name expects; the name of a
 * group ({@code To: team: a@x, b@x;}) matches too. An empty string matches every message that
 * has the field.
 */
record FieldKey(Field field, TextMatcher text) implements SearchKey {

    enum Field {
        FROM, TO, CC, BCC, SUBJECT
    }

    @Override
    public boolean matches(MatchContext message) {
        MessageSummary summary = message.target().summary();
        SearchFields fields = summary.search();
        Envelope envelope = summary.envelope();
        switch (field) {
            case FROM:
                return any(fields.from(), envelope.from());
            case TO:
                return any(fields.to(), envelope.to());
            case CC:
                return any(fields.cc(), envelope.cc());
            case BCC:
                return any(fields.bcc(), envelope.bcc());
            default:
                return text.in(fields.subject());
        }
    }

    /**
     * The decoded addresses; then the group names, which only the envelope keeps (RFC 3501 7.4.2
     * group markers), still RFC 2047 encoded as written.
     */
    private boolean any(List<MailAddress> addresses, List<Address> envelope) {
        for (MailAddress address : addresses) {
            if (text.in(addressText(address))) {
                return true;
            }
        }
        for (Address address : envelope) {
            if (address.isGroupStart() && text.in(HeaderField.decodeEncodedWords(address.mailbox()))) {
                return true;
            }
        }
        return false;
    }

    private static String addressText(MailAddress address) {
        String mailbox = address.address() == null ? "" : address.address();
        return address.displayName() == null || address.displayName().isEmpty()
                ? mailbox
                : address.displayName() + " <" + mailbox + ">";
    }

    @Override
    public Cost cost() {
        return Cost.SUMMARY;
    }
}
