package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.TimeZone;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * INTERNALDATE is shown in the zone SEARCH's date keys use, so that the day a client reads is
 * the day BEFORE, ON and SINCE compare (RFC 3501 6.4.4: "disregarding time and timezone"). The
 * server runs here in a zone that is not UTC, where a day differs from UTC's near midnight.
 */
class InternalDateTest {

    TimeZone saved;
    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        TimeZone.setDefault(saved);
    }

    @Test
    void theDayShownIsTheDaySearchCompares() throws Exception {
        // 23:30 UTC on 5 March is 00:30 on 6 March in Paris (+0100 in winter).
        c.ok("APPEND INBOX \" 5-Mar-2024 23:30:00 +0000\" {14+}\r\nSubject: w\r\n\r\n");
        // 22:30 UTC on 1 July is 00:30 on 2 July in Paris (+0200 in summer).
        c.ok("APPEND INBOX \"01-Jul-2024 22:30:00 +0000\" {14+}\r\nSubject: s\r\n\r\n");
        c.ok("SELECT INBOX");
        assertThat(c.ok("FETCH 1:2 INTERNALDATE")).containsExactly(
                "* 1 FETCH (INTERNALDATE \" 6-Mar-2024 00:30:00 +0100\")",
                "* 2 FETCH (INTERNALDATE \" 2-Jul-2024 00:30:00 +0200\")",
                "a5 OK FETCH completed");
        assertThat(c.ok("SEARCH ON 6-Mar-2024")).startsWith("* SEARCH 1");
        assertThat(c.ok("SEARCH ON 5-Mar-2024")).containsExactly("* SEARCH", "a7 OK SEARCH completed");
        assertThat(c.ok("SEARCH ON 2-Jul-2024")).startsWith("* SEARCH 2");
    }

    @Test
    void anAppendedDateKeepsItsInstant() throws Exception {
        c.ok("APPEND INBOX \"15-Jan-2025 08:00:00 -0500\" {14+}\r\nSubject: n\r\n\r\n");
        c.ok("SELECT INBOX");
        assertThat(c.ok("FETCH 1 INTERNALDATE")).startsWith("* 1 FETCH (INTERNALDATE \"15-Jan-2025 14:00:00 +0100\")");
    }
}
