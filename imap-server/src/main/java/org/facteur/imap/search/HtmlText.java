package org.facteur.imap.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text a reader sees in an HTML body, for BODY and TEXT: tags, comments and the content of
 * script and style elements removed, character references decoded. Without it, searching
 * "quarterly report" misses {@code quarterly <b>report</b>} and searching "style" finds every
 * HTML message. An inline tag ({@code <b>}) vanishes so that a word stays whole; any other tag
 * ({@code <p>}, {@code <br>}) becomes a space so that words stay apart. Streaming, so a large
 * body costs a fixed amount of memory.
 */
final class HtmlText extends Reader {

    private static final Set<String> INLINE = Set.of(
            "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span",
            "strike", "strong", "sub", "sup", "tt", "u", "wbr");

    /**
     * Skipped whole: their content is code, not text. (Not head: an unclosed one, common in
     * mail, would hide the whole message.)
     */
    private static final Set<String> HIDDEN = Set.of("script", "style");

    /** The named references common in mail; others stay as written. */
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("shy", ""), Map.entry("copy", "©"),
            Map.entry("reg", "®"), Map.entry("euro", "€"), Map.entry("ndash", "–"), Map.entry("mdash", "—"),
            Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("hellip", "…"), Map.entry("bull", "•"),
            Map.entry("agrave", "à"), Map.entry("aacute", "á"), Map.entry("acirc", "â"), Map.entry("auml", "ä"),
            Map.entry("ccedil", "ç"), Map.entry("egrave", "è"), Map.entry("eacute", "é"), Map.entry("ecirc", "ê"),
            Map.entry("euml", "ë"), Map.entry("icirc", "î"), Map.entry("iuml", "ï"), Map.entry("ntilde", "ñ"),
            Map.entry("ocirc", "ô"), Map.entry("ouml", "ö"), Map.entry("ugrave", "ù"), Map.entry("uuml", "ü"),
            Map.entry("szlig", "ß"), Map.entry("Auml", "Ä"), Map.entry("Ouml", "Ö"), Map.entry("Uuml", "Ü"),
            Map.entry("Eacute", "É"));

    private static final int MAX_REFERENCE = 32;

    private final PushbackReader in;
    private String pending = "";
    private int pendingAt;

    HtmlText(Reader html) {
        this.in = new PushbackReader(new BufferedReader(html), MAX_REFERENCE + 2);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int c = next();
            if (c < 0) {
                return n == 0 ? -1 : n;
            }
            buffer[offset + n++] = (char) c;
        }
        return n;
    }

    private int next() throws IOException {
        while (true) {
            if (pendingAt < pending.length()) {
                return pending.charAt(pendingAt++);
            }
            int c = in.read();
            if (c != '<' && c != '&') {
                return c;
            }
            pending = c == '<' ? markup() : reference();
            pendingAt = 0;
        }
    }

    /** After {@code <}: what the markup stands for in the text ("", " ", or "<" when it is no markup). */
    private String markup() throws IOException {
        int c = in.read();
        if (c == '!') {
            skipComment();
            return " ";
        }
        boolean closing = c == '/';
        if (closing) {
            c = in.read();
        }
        if (!isLetter(c) && c != '?') {
            unread(c);
            if (closing) {
                in.unread('/');
            }
            return "<"; // "a < b": a lone less-than sign is text
        }
        StringBuilder name = new StringBuilder();
        while (isLetter(c) || (c >= '0' && c <= '9')) {
            name.append((char) c);
            c = in.read();
        }
        unread(c);
        skipPast('>');
        String tag = name.toString().toLowerCase(Locale.ROOT);
        if (!closing && HIDDEN.contains(tag)) {
            skipElement(tag);
            return " ";
        }
        return INLINE.contains(tag) ? "" : " ";
    }

    /** To the {@code >} that ends a tag, past quoted attribute values that may hold one. */
    private void skipPast(char end) throws IOException {
        int quote = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == end) {
                return;
            }
        }
    }

    /** {@code <!-- ... -->}, or a declaration such as {@code <!DOCTYPE html>}. */
    private void skipComment() throws IOException {
        int c = in.read();
        if (c != '-') {
            unread(c);
            skipPast('>');
            return;
        }
        int dashes = 0;
        while ((c = in.read()) >= 0) {
            if (c == '>' && dashes >= 2) {
                return;
            }
            dashes = c == '-' ? dashes + 1 : 0;
        }
    }

    /** Everything up to the end tag of a script or style element. */
    private void skipElement(String tag) throws IOException {
        String end = "</" + tag;
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            matched = Character.toLowerCase(c) == end.charAt(matched) ? matched + 1 : (c == '<' ? 1 : 0);
            if (matched == end.length()) {
                skipPast('>');
                return;
            }
        }
    }

    /** After {@code &}: a character reference decoded, or the text as written when it is none. */
    private String reference() throws IOException {
        StringBuilder name = new StringBuilder();
        int c = in.read();
        while (c >= 0 && c != ';' && name.length() < MAX_REFERENCE && (isLetter(c) || (c >= '0' && c <= '9') || c == '#')) {
            name.append((char) c);
            c = in.read();
        }
        String decoded = c == ';' ? decode(name.toString()) : null;
        if (decoded == null) {
            unread(c);
            return "&" + name;
        }
        return decoded;
    }

    private static String decode(String name) {
        if (name.startsWith("#")) {
            try {
                boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
                int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
                return Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return NAMED.get(name);
    }

    private void unread(int c) throws IOException {
        if (c >= 0) {
            in.unread(c);
        }
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
