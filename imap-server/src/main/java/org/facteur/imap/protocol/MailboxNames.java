package org.facteur.imap.protocol;

import java.util.Optional;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.maildir.ModifiedUtf7;

/**
 * Mailbox names between the wire (modified UTF-7, RFC 3501 5.1.3; UTF-8 for a session that enabled
 * IMAP4rev2, RFC 9051 5.1) and the store (Unicode), with INBOX case-insensitive (RFC 3501 5.1).
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

    /** As {@link #fromWire(Arg)}, or the name as sent when the session speaks UTF-8 (RFC 9051 5.1). */
    public static String fromWire(Arg arg, boolean utf8) {
        if (!utf8) {
            return fromWire(arg);
        }
        String name = Arg.text(arg);
        if (!validUtf8Name(name)) {
            throw new BadCommandException("mailbox name is not UTF-8 text");
        }
        return canonicalInbox(name);
    }

    /** As {@link #lookup(Arg)}, for a session that speaks UTF-8 names or not. */
    public static Optional<String> lookup(Arg arg, boolean utf8) {
        if (!utf8) {
            return lookup(arg);
        }
        String name = Arg.text(arg);
        return validUtf8Name(name) ? Optional.of(canonicalInbox(name)) : Optional.empty();
    }

    /** The wire form of a store name, UTF-8 itself for a session that enabled IMAP4rev2. */
    public static String toWire(String name, boolean utf8) {
        return utf8 ? name : toWire(name);
    }

    /**
     * RFC 9051 5.1: names are UTF-8 (bytes that are not decode to U+FFFD) without control
     * characters (RFC 5198 as 5.1 asks).
     */
    private static boolean validUtf8Name(String name) {
        return name.chars().noneMatch(c -> c == 0xFFFD || c < 0x20 || (c >= 0x7F && c < 0xA0));
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
