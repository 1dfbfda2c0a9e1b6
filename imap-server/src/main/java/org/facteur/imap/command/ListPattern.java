package org.facteur.imap.command;

import java.util.Arrays;

import org.facteur.imap.protocol.MailboxNames;
import org.facteur.mailbox.MailStore;

/**
 * A LIST pattern (RFC 3501 6.3.8) over wire names: {@code *} matches anything, {@code %}
 * anything but the hierarchy delimiter; the reference is prefixed. INBOX matches case-insensitively.
 *
 * <p>Matching runs the pattern as a set of positions advanced together over the name, so it
 * costs at most (name length × pattern length) steps. A regular expression built from the
 * wildcards would backtrack: {@code *a*a*a*a*a*a*a*a*b} against a long name of {@code a}s takes
 * exponential time, and both pattern and names come from the client.
 */
final class ListPattern {

    private static final char DELIMITER = MailStore.DELIMITER.charAt(0);

    private final char[] pattern;

    ListPattern(String reference, String pattern) {
        this.pattern = MailboxNames.canonicalInbox(reference + pattern).toCharArray();
    }

    boolean matches(String wireName) {
        int m = pattern.length;
        // at[i]: the first i pattern characters can match the name read so far.
        boolean[] at = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        at[0] = true;
        skipWildcards(at);
        for (int k = 0; k < wireName.length(); k++) {
            char c = wireName.charAt(k);
            boolean any = false;
            Arrays.fill(next, false);
            for (int i = 0; i < m; i++) {
                if (!at[i]) {
                    continue;
                }
                char p = pattern[i];
                if (p == '*' || (p == '%' && c != DELIMITER)) {
                    next[i] = true; // the wildcard takes c and may take more
                    any = true;
                } else if (p == c && p != '%') {
                    next[i + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            skipWildcards(next);
            boolean[] swap = at;
            at = next;
            next = swap;
        }
        return at[m];
    }

    /** A wildcard may match nothing: where one can start, the position after it can too. */
    private void skipWildcards(boolean[] positions) {
        for (int i = 0; i < pattern.length; i++) {
            if (positions[i] && (pattern[i] == '*' || pattern[i] == '%')) {
                positions[i + 1] = true;
            }
        }
    }
}
