package org.facteur.imap.search;

/** RECENT (and through NOT, OLD): \Recent belongs to the session, not to the stored flags (RFC 3501 2.3.2). */
record RecentKey() implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        return message.target().recent();
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
