package org.facteur.imap.command;

import java.util.regex.Pattern;

import org.facteur.imap.protocol.MailboxNames;
import org.facteur.mailbox.MailStore;

/**
 * A LIST pattern (RFC 3501 6.3.8) over wire names: {@code *} matches anything, {@code %}
 * anything but the hierarchy delimiter; the reference is prefixed. INBOX matches case-insensitively.
 */
final class ListPattern {

    private final Pattern regex;

    ListPattern(String reference, String pattern) {
        String full = MailboxNames.canonicalInbox(reference + pattern);
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : full.toCharArray()) {
            if (c == '*' || c == '%') {
                if (literal.length() > 0) {
                    b.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                b.append(c == '*' ? ".*" : "[^" + Pattern.quote(MailStore.DELIMITER) + "]*");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            b.append(Pattern.quote(literal.toString()));
        }
        regex = Pattern.compile(b.toString(), Pattern.DOTALL);
    }

    boolean matches(String wireName) {
        return regex.matcher(wireName).matches();
    }
}
