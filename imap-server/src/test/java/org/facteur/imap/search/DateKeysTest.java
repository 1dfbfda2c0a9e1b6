package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/**
 * BEFORE / ON / SINCE on the internal date and SENT* on the Date header "disregarding time and
 * timezone" (RFC 3501 6.4.4), around midnight and with Date headers in far-off zones:
 * message 2 was sent "Wed, 2 Mar 2022 00:30:00 +1400" (1 March in UTC) and message 3
 * "Tue, 1 Mar 2022 23:30:00 -1100" (2 March in UTC).
 */
class DateKeysTest {

    private final TestMailbox mailbox = new TestMailbox();

    @Test
    void internalDateDaysAroundMidnightInUtc() {
        // message 1: 2024-01-31 23:59:59Z; message 2: 2024-02-01 00:00:00Z
        assertThat(mailbox.search("ON 31-Jan-2024")).containsExactly(1L);
        assertThat(mailbox.search("ON 1-Feb-2024")).containsExactly(2L, 3L);
        assertThat(mailbox.search("BEFORE 1-Feb-2024")).containsExactly(1L);
        assertThat(mailbox.search("SINCE 1-Feb-2024")).containsExactly(2L, 3L, 4L, 5L);
        assertThat(mailbox.search("SINCE 2-Feb-2024 BEFORE 1-Mar-2024")).containsExactly(4L);
        assertThat(mailbox.search("ON \"02-feb-2024\"")).containsExactly(4L);
    }

    @Test
    void internalDateDaysInAnotherZone() {
        // At UTC+01:00, message 1 (23:59:59Z) falls on 1 February and message 4 (00:00Z) on 2 February.
        assertThat(mailbox.search("ON 1-Feb-2024", ZoneOffset.ofHours(1))).containsExactly(1L, 2L, 3L);
        // At New York time, message 2 (00:00Z) is still 31 January.
        assertThat(mailbox.search("ON 31-Jan-2024", ZoneId.of("America/New_York"))).containsExactly(1L, 2L);
    }

    @Test
    void withoutAZoneTheServersZoneGivesTheDay() {
        // Dovecot's choice, which imaptest's search-intdate expects.
        for (String day : new String[] {"31-Jan-2024", "1-Feb-2024", "2-Feb-2024"}) {
            assertThat(mailbox.run(SearchRequest.parse(TestArgs.of("ON " + day)), false))
                    .isEqualTo(mailbox.search("ON " + day, ZoneId.systemDefault()));
        }
    }

    @Test
    void sentDatesAreTheDayWrittenInTheHeader() {
        assertThat(mailbox.search("SENTON 2-Mar-2022")).containsExactly(2L);
        assertThat(mailbox.search("SENTON 1-Mar-2022")).containsExactly(3L);
        assertThat(mailbox.search("SENTBEFORE 2-Mar-2022")).containsExactly(1L, 3L);
        assertThat(mailbox.search("SENTSINCE 2-Mar-2022")).containsExactly(2L);
        assertThat(mailbox.search("SENTON 7-Feb-1994")).containsExactly(1L);
        assertThat(mailbox.search("SENTSINCE 8-Feb-1994 SENTBEFORE 3-Mar-2022")).containsExactly(2L, 3L);
    }

    @Test
    void messagesWithoutAReadableDateMatchNoSentKey() {
        // Message 4 has no Date, message 5 has "sometime last week".
        assertThat(mailbox.search("OR SENTBEFORE 1-Jan-3000 SENTSINCE 1-Jan-1900")).containsExactly(1L, 2L, 3L);
        assertThat(mailbox.search("NOT SENTSINCE 1-Jan-1900")).containsExactly(4L, 5L);
    }

    @Test
    void dayOfDateHeaderReadsTheFormsMailersWrite() {
        assertThat(SearchDates.dayOfDateHeader("Mon, 7 Feb 1994 21:52:25 -0800 (PST)")).hasToString("1994-02-07");
        assertThat(SearchDates.dayOfDateHeader("7 Feb 1994 21:52:25 -0800")).hasToString("1994-02-07");
        assertThat(SearchDates.dayOfDateHeader("(comment) Sun,  06 nov 94 08:49:37 GMT")).hasToString("1994-11-06");
        assertThat(SearchDates.dayOfDateHeader("Thu, 1 January 2015 00:00:00 +0000")).hasToString("2015-01-01");
        // RFC 5322 4.3: two-digit years below 50 are 20xx, three-digit years add 1900
        assertThat(SearchDates.dayOfDateHeader("1 Jan 49 00:00 +0000")).hasToString("2049-01-01");
        assertThat(SearchDates.dayOfDateHeader("1 Jan 103 00:00 +0000")).hasToString("2003-01-01");
        assertThat(SearchDates.dayOfDateHeader("Fri, 31 Feb 2023 10:00 +0000")).isNull();
        assertThat(SearchDates.dayOfDateHeader("yesterday")).isNull();
        assertThat(SearchDates.dayOfDateHeader("")).isNull();
        assertThat(SearchDates.dayOfDateHeader(null)).isNull();
    }

    @Test
    void asctimeDatesAreReadToo() {
        assertThat(SearchDates.dayOfDateHeader("Tue Mar  1 10:00:00 2022")).hasToString("2022-03-01");
        assertThat(SearchDates.dayOfDateHeader("Mar 1 10:00:00 2022")).hasToString("2022-03-01");
        assertThat(SearchDates.dayOfDateHeader("Tue Mar  1 10:00:00")).isNull();
    }
}
