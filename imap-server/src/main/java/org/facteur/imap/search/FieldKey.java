package org.facteur.imap.search;

import java.util.List;

import org.facteur.mailbox.mime.MailAddress;
import org.facteur.mailbox.mime.SearchFields;

/**
 * FROM, TO, CC, BCC and SUBJECT (RFC 3501 6.4.4), answered from the decoded fields of the summary
 * without reading the file. An address matches on its whole text, display name included
 * ({@code Fred Foobar <foobar@example.com>}), as a user who types a name expects. An empty string
 * matches every message that has the field.
 */
record FieldKey(Field field, TextMatcher text) implements SearchKey {

    enum Field {
        FROM, TO, CC, BCC, SUBJECT
    }

    @Override
    public boolean matches(MatchContext message) {
        SearchFields fields = message.target().summary().search();
        switch (field) {
            case FROM:
                return anyAddress(fields.from());
            case TO:
                return anyAddress(fields.to());
            case CC:
                return anyAddress(fields.cc());
            case BCC:
                return anyAddress(fields.bcc());
            default:
                return text.in(fields.subject());
        }
    }

    private boolean anyAddress(List<MailAddress> addresses) {
        for (MailAddress address : addresses) {
            if (text.in(addressText(address))) {
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
