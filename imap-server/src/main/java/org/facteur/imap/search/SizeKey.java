package org.facteur.imap.search;

/** LARGER and SMALLER (RFC 3501 6.4.4): RFC822.SIZE strictly above or below the number. */
record SizeKey(long size, boolean larger) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        long actual = message.target().record().size();
        return larger ? actual > size : actual < size;
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
