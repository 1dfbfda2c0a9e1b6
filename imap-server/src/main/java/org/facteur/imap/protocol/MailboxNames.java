package org.facteur.imap.protocol;

import java.util.Optional;

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
        try {
            return canonicalInbox(ModifiedUtf7.decode(Arg.text(arg)));
        } catch (IllegalArgumentException e) {
            throw new BadCommandException("mailbox name " + e.getMessage());
        }
    }

    /**
     * The store name of a name a client looks up, or empty when it is not modified UTF-7: such a
     * name can never have been created, so it names no mailbox (a NO, as Dovecot answers), while
     * a command creating it is a BAD ({@link #fromWire}).
     */
    public static Optional<String> lookup(Arg arg) {
        try {
            return Optional.of(canonicalInbox(ModifiedUtf7.decode(Arg.text(arg))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
