package org.facteur.imap.fetch;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A section specifier (RFC 3501 6.4.5, 9 "section-spec"): a part path, then what of that part.
 *
 * @param path part numbers, one-based; empty for the message itself
 * @param text what is fetched of the part
 * @param fields the header field names of HEADER.FIELDS and HEADER.FIELDS.NOT, as the client wrote
 *     them; empty for the other kinds
 */
record Section(List<Integer> path, Text text, List<String> fields) {

    /** The section-text forms, with their name as written in a response. */
    enum Text {
        /** {@code BODY[]} or {@code BODY[1.2]}: the whole message or part body. */
        ALL(""),
        HEADER("HEADER"),
        HEADER_FIELDS("HEADER.FIELDS"),
        HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"),
        TEXT("TEXT"),
        MIME("MIME");

        private final String keyword;

        Text(String keyword) {
            this.keyword = keyword;
        }

        String keyword() {
            return keyword;
        }

        boolean filtersFields() {
            return this == HEADER_FIELDS || this == HEADER_FIELDS_NOT;
        }
    }

    static final Section WHOLE = new Section(List.of(), Text.ALL, List.of());
    static final Section HEADER = new Section(List.of(), Text.HEADER, List.of());
    static final Section TEXT = new Section(List.of(), Text.TEXT, List.of());

    Section {
        path = List.copyOf(path);
        fields = List.copyOf(fields);
    }

    /**
     * The section as a response names it, without brackets: keywords in upper case, the field
     * list echoed (RFC 3501 7.4.2: "BODY[<section>]<<origin octet>>"); field names are
     * case-insensitive (RFC 5322 1.2.2), so they are upper-cased too, as Dovecot does.
     */
    String responseText() {
        StringBuilder b = new StringBuilder();
        b.append(path.stream().map(String::valueOf).collect(Collectors.joining(".")));
        if (text != Text.ALL) {
            b.append(path.isEmpty() ? "" : ".").append(text.keyword());
        }
        if (text.filtersFields()) {
            b.append(" (");
            for (int i = 0; i < fields.size(); i++) {
                b.append(i == 0 ? "" : " ").append(astring(fields.get(i).toUpperCase(Locale.ROOT)));
            }
            b.append(')');
        }
        return b.toString();
    }

    /** Whether serving it needs the summary: anything but the whole message does. */
    boolean needsSummary() {
        return !(path.isEmpty() && text == Text.ALL);
    }

    /**
     * A field name as an astring (RFC 3501 9): an atom when it has only atom characters, else a
     * quoted string. The parser accepted it as an astring, so it holds no CR, LF or NUL.
     */
    private static String astring(String name) {
        boolean atom = !name.isEmpty();
        for (int i = 0; i < name.length() && atom; i++) {
            atom = SectionParser.isAtomChar(name.charAt(i));
        }
        return atom ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
