package org.facteur.imap.search;

/** KEYWORD and UNKEYWORD (RFC 3501 6.4.4); keywords compare case-insensitively, as Flags stores them. */
record KeywordKey(String keyword, boolean set) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        return message.target().record().flags().hasKeyword(keyword) == set;
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
