package org.facteur.imap.search;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * The string of a search key and the test RFC 3501 6.4.4 asks for: "case-insensitive substring".
 * Case is folded one char at a time (upper then lower case, as {@link String#regionMatches(boolean,
 * int, String, int, int)} does), so folding never moves a match, and a string and a stream of the
 * same text give the same answer.
 */
final class TextMatcher {

    private static final int CHUNK = 8192;

    private final String needle;
    private final char[] folded;

    TextMatcher(String needle) {
        this.needle = needle;
        this.folded = new char[needle.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = fold(needle.charAt(i));
        }
    }

    /** Whether the key's string is empty: then it matches any message that has the field at all. */
    boolean isEmpty() {
        return folded.length == 0;
    }

    boolean in(String haystack) {
        if (haystack == null) {
            return false;
        }
        if (folded.length == 0) {
            return true;
        }
        int last = haystack.length() - folded.length;
        for (int i = 0; i <= last; i++) {
            // Most positions fail on their first char: test it before comparing the rest.
            if (fold(haystack.charAt(i)) == folded[0] && restMatches(haystack, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean restMatches(String haystack, int at) {
        for (int j = 1; j < folded.length; j++) {
            if (fold(haystack.charAt(at + j)) != folded[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text of {@code reader} holds the string, read in chunks so that a large body
     * costs a fixed amount of memory; the last {@code length - 1} chars of a chunk are kept in
     * front of the next so that a match across chunks is found. The reader is closed.
     */
    boolean in(Reader reader) {
        int keep = Math.max(folded.length - 1, 0);
        char[] buffer = new char[Math.max(CHUNK, 2 * folded.length)];
        int kept = 0;
        try (reader) {
            int read;
            while ((read = reader.read(buffer, kept, buffer.length - kept)) >= 0) {
                int length = kept + read;
                for (int i = kept; i < length; i++) {
                    buffer[i] = fold(buffer[i]);
                }
                if (indexOf(buffer, length) >= 0) {
                    return true;
                }
                kept = Math.min(keep, length);
                System.arraycopy(buffer, length - kept, buffer, 0, kept);
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int indexOf(char[] text, int length) {
        outer:
        for (int i = 0; i <= length - folded.length; i++) {
            for (int j = 0; j < folded.length; j++) {
                if (text[i + j] != folded[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    @Override
    public String toString() {
        return needle;
    }
}
