package org.facteur.imap.search;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * BEFORE, ON, SINCE (RFC 3501 6.4.4): the internal date's calendar day in {@code zone}. The
 * internal date is an instant, so a zone must be chosen to give it a day; see
 * {@link SearchRequest#parse(java.util.List, ZoneId)}.
 */
record InternalDateKey(DateRelation relation, LocalDate date, ZoneId zone) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        LocalDate day = LocalDate.ofInstant(message.target().record().internalDate(), zone);
        return relation.holds(day, date);
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
