package org.facteur.imap.sort;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The base subject of RFC 5256 2.1, which SORT (SUBJECT) compares and THREAD groups by, and
 * whether extracting it removed a reply or forward marker (RFC 5256 2.1 and 3, REFERENCES step
 * 5). Works on the Subject already decoded from RFC 2047 (the store's summary), upper-cased for
 * comparison (i;ascii-casemap leaves only ASCII letters case-folded, RFC 4790 9.2).
 *
 * @param text           the base subject, ASCII letters in upper case, "" when none
 * @param replyOrForward whether "Re:", "Fw:", "Fwd:", "(fwd)" or "[fwd: ...]" was removed
 */
public record BaseSubject(String text, boolean replyOrForward) {

    public static final BaseSubject NONE = new BaseSubject("", false);

    /** Compiled once: THREAD computes a base subject per message, 100,000 on a large mailbox. */
    private static final Pattern WHITE_SPACE = Pattern.compile("[\\t\\r\\n ]+");

    public static BaseSubject of(String subject) {
        if (subject == null) {
            return NONE;
        }
        // (1) Tabs and runs of white space become one space.
        String s = WHITE_SPACE.matcher(subject).replaceAll(" ").trim();
        boolean reply = false;
        while (true) {
            // (2) Trailing "(fwd)" and white space, repeatedly.
            while (true) {
                String trimmed = s.trim();
                if (trimmed.length() >= 5 && trimmed.substring(trimmed.length() - 5).equalsIgnoreCase("(fwd)")) {
                    s = trimmed.substring(0, trimmed.length() - 5);
                    reply = true;
                } else {
                    s = trimmed;
                    break;
                }
            }
            // (3) and (4): leaders ("Re:", "[list] Fwd:") and blobs, until nothing changes.
            while (true) {
                int leader = leaderLength(s);
                if (leader > 0) {
                    s = s.substring(leader);
                    reply = true;
                    continue;
                }
                int blob = blobLength(s, 0);
                if (blob > 0 && blob < s.length() && !s.substring(blob).isBlank()) {
                    s = s.substring(blob);
                    continue;
                }
                break;
            }
            s = s.trim();
            // (5) "[fwd: ...]" wrapped around the whole subject.
            if (s.length() >= 6 && s.substring(0, 5).equalsIgnoreCase("[fwd:") && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1);
                reply = true;
                continue;
            }
            break;
        }
        return new BaseSubject(asciiUpper(s.trim()), reply);
    }

    /** RFC 5256 5: subj-leader = (*subj-blob subj-refwd) / WSP; 0 when {@code s} does not start with one. */
    private static int leaderLength(String s) {
        if (!s.isEmpty() && s.charAt(0) == ' ') {
            return 1;
        }
        int i = 0;
        int blob;
        while ((blob = blobLength(s, i)) > 0) {
            i += blob;
        }
        // subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
        String rest = s.substring(i).toLowerCase(Locale.ROOT);
        int j;
        if (rest.startsWith("re")) {
            j = 2;
        } else if (rest.startsWith("fwd")) {
            j = 3;
        } else if (rest.startsWith("fw")) {
            j = 2;
        } else {
            return 0;
        }
        while (j < rest.length() && rest.charAt(j) == ' ') {
            j++;
        }
        j += blobLength(rest, j);
        if (j < rest.length() && rest.charAt(j) == ':') {
            return i + j + 1;
        }
        return 0;
    }

    /** subj-blob = "[" *BLOBCHAR "]" *WSP at {@code from}; 0 when there is none. */
    private static int blobLength(String s, int from) {
        if (from >= s.length() || s.charAt(from) != '[') {
            return 0;
        }
        int i = from + 1;
        while (i < s.length() && s.charAt(i) != ']' && s.charAt(i) != '[') {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != ']') {
            return 0;
        }
        i++;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i - from;
    }

    private static String asciiUpper(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return b.toString();
    }
}
