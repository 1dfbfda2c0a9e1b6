package org.facteur.imap.search;

import java.time.LocalDate;

/**
 * SENTBEFORE, SENTON, SENTSINCE (RFC 3501 6.4.4): the day written in the Date header, in the
 * header's own timezone, time and zone ignored ({@link SearchDates#dayOfDateHeader}). The
 * instant the store parsed from the Date cannot serve: it has lost the zone, and so the day. A
 * message with no Date, or one whose day cannot be read, matches none of these keys (and so
 * matches their NOT).
 */
record SentDateKey(DateRelation relation, LocalDate date) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        LocalDate sent = SearchDates.dayOfDateHeader(message.target().summary().envelope().date());
        return sent != null && relation.holds(sent, date);
    }

    @Override
    public Cost cost() {
        return Cost.SUMMARY;
    }
}
