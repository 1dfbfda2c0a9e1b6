package org.facteur.pop3.maildrop;

import java.util.Optional;

/**
 * The unique-id of a message (RFC 1939 7, UIDL): {@code <UIDVALIDITY>.<UID>} of the message in
 * the user's INBOX, in decimal. The pair never names two messages (RFC 3501 2.3.1.1), survives
 * sessions and restarts, and changes only if the mailbox is recreated with a new UIDVALIDITY, in
 * which case clients rightly download its messages again. At most 21 characters of 0x21-0x7E.
 */
public record Uidl(long uidValidity, long uid) {

    public Uidl {
        if (uidValidity < 1 || uid < 1) {
            throw new IllegalArgumentException("UIDVALIDITY and UID are positive");
        }
    }

    @Override
    public String toString() {
        return uidValidity + "." + uid;
    }

    /** Parses a value made by {@link #toString()}; anything else is empty. */
    public static Optional<Uidl> parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return Optional.empty();
        }
        try {
            long validity = Long.parseLong(text, 0, dot, 10);
            long uid = Long.parseLong(text, dot + 1, text.length(), 10);
            return validity > 0 && uid > 0 ? Optional.of(new Uidl(validity, uid)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
