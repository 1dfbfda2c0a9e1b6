package org.facteur.imap.search;

import java.time.Instant;

/**
 * OLDER and YOUNGER (RFC 5032 3): the internal date against an instant {@code n} seconds before
 * the command, to the second rather than to the day as BEFORE and SINCE. The two are
 * complementary: a message is either older than the limit or within it.
 */
record WithinKey(Instant limit, boolean older) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        boolean before = message.target().record().internalDate().isBefore(limit);
        return older == before;
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
