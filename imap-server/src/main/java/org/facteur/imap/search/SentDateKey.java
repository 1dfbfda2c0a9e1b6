package org.facteur.imap.search;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;

import org.facteur.mailbox.mime.MessageSummary;

/**
 * SENTBEFORE, SENTON, SENTSINCE (RFC 3501 6.4.4): the day written in the Date header, in the
 * header's own timezone, time and zone ignored. A Date whose day cannot be read falls back to the
 * instant Mime4j's lenient parser made of it, taken in UTC; a message with no usable Date matches
 * none of these keys (so it matches their NOT).
 */
record SentDateKey(DateRelation relation, LocalDate date) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        LocalDate sent = sentDay(message.target().summary());
        return sent != null && relation.holds(sent, date);
    }

    private static LocalDate sentDay(MessageSummary summary) {
        LocalDate written = SearchDates.dayOfDateHeader(summary.envelope().date());
        if (written != null) {
            return written;
        }
        Instant parsed = summary.search().date();
        return parsed == null ? null : LocalDate.ofInstant(parsed, ZoneOffset.UTC);
    }

    @Override
    public Cost cost() {
        return Cost.SUMMARY;
    }
}
