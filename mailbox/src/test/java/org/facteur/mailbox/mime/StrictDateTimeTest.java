package org.facteur.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Random;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;
import org.junit.jupiter.api.Test;

/** The fast date path never disagrees with Mime4j's lenient parser on what it accepts. */
class StrictDateTimeTest {

    @Test
    void wellFormedDatesAreRead() {
        assertThat(StrictDateTime.parse("Wed, 25 Nov 2026 10:00:00 +0000")).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(StrictDateTime.parse("1 Jul 2003 10:52 +0200")).isEqualTo(Instant.parse("2003-07-01T08:52:00Z"));
        assertThat(StrictDateTime.parse("thu, 26 nov 2026 06:15:00 GMT")).isEqualTo(Instant.parse("2026-11-26T06:15:00Z"));
    }

    @Test
    void whatItCannotReadExactlyIsLeftToMime4j() {
        for (String odd : new String[] {"Tue, 1 Jul 03 10:52:37 +0200", "31 Apr 2024 10:00:00 +0000",
                "29 Feb 2023 10:00:00 +0000", "Thu, 25 Nov 2026 10:00:00 +0000", "25 Nov 2026 24:00:00 +0000",
                "25 Nov 2026 10:00:00 UT", "25 Nov 2026 10:00:00 EST", "25 Nov 2026 10:00:00 +0000 (UTC)",
                "25 Nov 2026 10:00:60 +0000", "25 Nov 2026 10:00:00 +02"}) {
            assertThat(StrictDateTime.parse(odd)).as(odd).isNull();
            assertThat(MessageHeaderReader.date(odd)).as(odd).isEqualTo(lenient(odd));
        }
    }

    @Test
    void agreesWithMime4jOnGeneratedDates() {
        Random random = new Random(20261126);
        String[] days = {"", "Mon, ", "Tue, ", "wed, ", "Sun, "};
        String[] months = {"Jan", "Feb", "Apr", "jun", "Dec"};
        String[] zones = {"+0000", "-0000", "GMT", "+0200", "-1230", "+1800", "+02", "UT", "+0060"};
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            int year = random.nextInt(4) == 0 ? random.nextInt(100) : 1900 + random.nextInt(200);
            String value = days[random.nextInt(days.length)] + (1 + random.nextInt(31)) + " "
                    + months[random.nextInt(months.length)] + " "
                    + (random.nextInt(5) == 0 ? String.format("%04d", year) : Integer.toString(year)) + " "
                    + String.format("%02d:%02d", random.nextInt(25), random.nextInt(60))
                    + (random.nextBoolean() ? String.format(":%02d", random.nextInt(61)) : "") + " "
                    + zones[random.nextInt(zones.length)];
            Instant fast = StrictDateTime.parse(value);
            if (fast != null) {
                read++;
                assertThat(fast).as(value).isEqualTo(lenient(value));
            }
        }
        assertThat(read).as("the fast path read a good part of them").isGreaterThan(2_000);
    }

    private static Instant lenient(String value) {
        try {
            Date date = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT).getDate();
            return date == null ? null : date.toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
