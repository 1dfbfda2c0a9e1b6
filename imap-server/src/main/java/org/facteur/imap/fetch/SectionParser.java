package org.facteur.imap.fetch;

import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.BadCommandException;

/**
 * Reads the part of a BODY item after its name: {@code [section]<partial>} (RFC 3501 9: "section",
 * "section-spec", "header-list"; the partial as in "fetch-att"). The lexer hands it over as the
 * tail of one atom, spaces and parentheses included.
 */
final class SectionParser {

    /** RFC 3501 9: "number" is an unsigned 32-bit integer. */
    private static final long MAX_NUMBER = 0xFFFF_FFFFL;

    private final String text;
    private final String item;
    private int pos;

    private SectionParser(String text, String item) {
        this.text = text;
        this.item = item;
    }

    /** The section of {@code item} whose text after the name is {@code text}, starting with '['. */
    static SectionItem parse(String item, String text, boolean peek) {
        SectionParser parser = new SectionParser(text, item);
        parser.expect('[');
        Section section = parser.sectionSpec();
        parser.expect(']');
        Partial partial = parser.partial();
        if (parser.pos != text.length()) {
            throw parser.bad();
        }
        return SectionItem.body(section, partial, peek);
    }

    /**
     * RFC 3516 6: {@code "BINARY" [".PEEK"] section-binary [partial]} and
     * {@code "BINARY.SIZE" section-binary}, where section-binary = "[" [section-part] "]": part
     * numbers only.
     */
    static BinaryItem parseBinary(String item, String text, String name) {
        SectionParser parser = new SectionParser(text, item);
        parser.expect('[');
        List<Integer> path = parser.partPath();
        parser.expect(']');
        boolean sizeOnly = name.equals("BINARY.SIZE");
        Partial partial = sizeOnly ? null : parser.partial();
        if (parser.pos != text.length()) {
            throw parser.bad();
        }
        return new BinaryItem(path, partial, sizeOnly, name.equals("BINARY"));
    }

    /** RFC 3501 9: section-part = nz-number *("." nz-number), or nothing. */
    private List<Integer> partPath() {
        List<Integer> path = new ArrayList<>();
        while (isDigit(peek())) {
            if (peek() == '0') {
                throw bad();
            }
            long n = number();
            if (n > Integer.MAX_VALUE) {
                throw bad();
            }
            path.add((int) n);
            if (peek() != '.') {
                break;
            }
            pos++;
            if (!isDigit(peek())) {
                throw bad();
            }
        }
        return path;
    }

    private Section sectionSpec() {
        List<Integer> path = new ArrayList<>();
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            if (text.charAt(pos) == '0') {
                throw bad(); // RFC 3501 9: part numbers are nz-number, no leading zero
            }
            long n = number();
            if (n > Integer.MAX_VALUE) {
                throw bad();
            }
            path.add((int) n);
            if (peek() != '.') {
                return new Section(path, Section.Text.ALL, List.of());
            }
            pos++;
        }
        if (peek() == ']') {
            if (!path.isEmpty()) {
                throw bad(); // "1.]": a dot with nothing after it
            }
            return Section.WHOLE;
        }
        Section.Text kind = keyword();
        if (kind == Section.Text.MIME && path.isEmpty()) {
            throw bad(); // RFC 3501 9: MIME is a "section-text", only after a part number
        }
        List<String> fields = kind.filtersFields() ? headerList() : List.of();
        return new Section(path, kind, fields);
    }

    private Section.Text keyword() {
        int start = pos;
        while (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String word = text.substring(start, pos);
        for (Section.Text kind : Section.Text.values()) {
            if (kind != Section.Text.ALL && kind.keyword().equalsIgnoreCase(word)) {
                return kind;
            }
        }
        throw bad();
    }

    /** RFC 3501 9: header-list = "(" header-fld-name *(SP header-fld-name) ")", names being astrings. */
    private List<String> headerList() {
        expect(' ');
        expect('(');
        List<String> names = new ArrayList<>();
        names.add(fieldName());
        while (peek() == ' ') {
            pos++;
            names.add(fieldName());
        }
        expect(')');
        return names;
    }

    private String fieldName() {
        return peek() == '"' ? quoted() : atom();
    }

    private String atom() {
        int start = pos;
        while (pos < text.length() && isAtomChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw bad();
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            b.append(c);
        }
        expect('"');
        if (b.length() == 0) {
            throw bad(); // a field name cannot be empty
        }
        return b.toString();
    }

    private Partial partial() {
        if (pos == text.length()) {
            return null;
        }
        expect('<');
        long origin = number();
        expect('.');
        long count = number();
        expect('>');
        if (count == 0) {
            throw bad(); // RFC 3501 9: the count is an nz-number
        }
        return new Partial(origin, count);
    }

    /** RFC 3501 9: number = 1*DIGIT, at most 2^32 - 1. */
    private long number() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start || pos - start > 10) {
            throw bad();
        }
        long n = Long.parseLong(text, start, pos, 10);
        if (n > MAX_NUMBER) {
            throw bad();
        }
        return n;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw bad();
        }
        pos++;
    }

    private BadCommandException bad() {
        return new BadCommandException("invalid FETCH item: " + item);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 3501 9: ATOM-CHAR, any CHAR except atom-specials. */
    static boolean isAtomChar(char c) {
        return c > ' ' && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
    }
}
