package org.facteur.imap.search;

/**
 * HEADER field-name string (RFC 3501 6.4.4): some field of the top-level header with that name
 * holds the string in its decoded value; an empty string matches any message that has the field.
 * Any field can be asked for, so this reads the header from the stored file.
 */
record HeaderKey(String name, TextMatcher text) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        for (HeaderField field : message.rootHeader()) {
            if (field.name().equalsIgnoreCase(name) && text.in(field.value())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Cost cost() {
        return Cost.CONTENT;
    }
}
