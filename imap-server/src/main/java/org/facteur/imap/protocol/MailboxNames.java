package org.facteur.imap.protocol;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.maildir.ModifiedUtf7;

/**
 * Mailbox names between the wire (modified UTF-7, RFC 3501 5.1.3) and the store (Unicode), with
 * INBOX case-insensitive (RFC 3501 5.1).
 */
public final class MailboxNames {

    private MailboxNames() {
    }

    /** The store name of a name a client sent; a malformed one is a {@link BadCommandException}. */
    public static String fromWire(Arg arg) {
        String wire = Arg.text(arg);
        String name;
        try {
            name = ModifiedUtf7.decode(wire);
        } catch (IllegalArgumentException e) {
            throw new BadCommandException("mailbox name " + e.getMessage());
        }
        return canonicalInbox(name);
    }

    /** The wire form of a store name. */
    public static String toWire(String name) {
        return ModifiedUtf7.encode(name);
    }

    /** "inbox" and "Inbox/x" name INBOX and its children. */
    public static String canonicalInbox(String name) {
        if (name.regionMatches(true, 0, MailStore.INBOX, 0, 5)
                && (name.length() == 5 || name.startsWith(MailStore.DELIMITER, 5))) {
            return MailStore.INBOX + name.substring(5);
        }
        return name;
    }
}
