package org.facteur.mailbox.mime;

/**
 * Finds the comment that old mailers write after an address instead of a display name
 * ({@code user@example.org (Real Name)}, RFC 822's habit, still common in generated mail).
 * Mime4j drops comments; IMAP servers (Dovecot among them) report such a comment as the ENVELOPE
 * personal name, and SEARCH FROM matches it, so we read it back from the raw field.
 *
 * <p>The field is scanned left to right, one address after the other, so that two addresses with
 * the same text each get their own comment.
 */
final class TrailingComment {

    private final String field;
    private int cursor;

    TrailingComment(String field) {
        this.field = field;
    }

    /**
     * The comment right after the next occurrence of {@code addrSpec} (whitespace between them
     * allowed), without its parentheses; null when there is none or the address is not found as
     * written.
     */
    String after(String addrSpec) {
        int at = field.indexOf(addrSpec, cursor);
        if (at < 0 || addrSpec.isEmpty()) {
            return null;
        }
        int i = at + addrSpec.length();
        cursor = i;
        while (i < field.length() && isBlank(field.charAt(i))) {
            i++;
        }
        if (i >= field.length() || field.charAt(i) != '(') {
            return null;
        }
        // RFC 5322 3.2.2: comments nest and may hold quoted pairs
        StringBuilder comment = new StringBuilder();
        int depth = 0;
        for (; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                comment.append(field.charAt(++i));
                continue;
            }
            if (c == '(') {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    cursor = i + 1;
                    String text = comment.toString().strip();
                    return text.isEmpty() ? null : text;
                }
            }
            comment.append(c);
        }
        return null; // unclosed comment: not a name
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
