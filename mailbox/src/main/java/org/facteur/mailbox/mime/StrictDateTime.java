package org.facteur.mailbox.mime;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The well-formed RFC 5322 3.3 date-time ({@code [Wed, ]25 Nov 2026 10:00[:00] +0000}, or
 * {@code GMT}) read strictly and fast; anything else (two-digit years, obsolete zones, comments,
 * impossible dates such as 31 Apr) is left to Mime4j's lenient parser, which costs about ten
 * times more. Strict resolution matters: a lenient one would give "31 Apr" as 30 Apr where
 * Mime4j gives 1 May, and a two-digit year as the year 3.
 */
final class StrictDateTime {

    private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec");
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendText(ChronoField.DAY_OF_WEEK, names(DAYS)).appendLiteral(", ").optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE).appendLiteral(' ')
            .appendText(ChronoField.MONTH_OF_YEAR, names(MONTHS)).appendLiteral(' ')
            .appendValue(ChronoField.YEAR, 4).appendLiteral(' ')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .appendLiteral(' ').appendOffset("+HHMM", "GMT")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private StrictDateTime() {
    }

    private static Map<Long, String> names(List<String> names) {
        Map<Long, String> map = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put((long) i + 1, names.get(i));
        }
        return map;
    }

    /** The instant, or null if the value is not a well-formed date-time. */
    static Instant parse(String value) {
        try {
            return ZonedDateTime.parse(value, FORMAT).toInstant();
        } catch (DateTimeParseException notWellFormed) {
            return null;
        }
    }
}
