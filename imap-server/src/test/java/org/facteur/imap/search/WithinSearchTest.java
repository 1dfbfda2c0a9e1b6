package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.Replies.tagged;
import static org.facteur.imap.support.Replies.untagged;
import static org.facteur.imap.support.TestServer.ALICE;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OLDER and YOUNGER (RFC 5032) over a socket, against internal dates set by APPEND. */
class WithinSearchTest {

    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        c = server.login(ALICE);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        append(now.minusYears(3));    // 1
        append(now.minusHours(2));    // 2
        append(now.minusMinutes(10)); // 3
        append(now.minusSeconds(5));  // 4
        c.ok("SELECT INBOX");
    }

    private void append(ZonedDateTime internalDate) throws Exception {
        c.ok("APPEND INBOX \"" + INTERNAL_DATE.format(internalDate) + "\" {18+}\r\nSubject: x\r\n\r\nbody");
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    @Test
    void olderAndYoungerCountSecondsBackFromNow() throws Exception {
        assertThat(untagged(c, "SEARCH OLDER 3600")).containsExactly("* SEARCH 1 2");
        assertThat(untagged(c, "SEARCH YOUNGER 3600")).containsExactly("* SEARCH 3 4");
        assertThat(untagged(c, "SEARCH YOUNGER 60")).containsExactly("* SEARCH 4");
        // Complementary, and combined as any keys are.
        assertThat(untagged(c, "SEARCH OLDER 60 YOUNGER 86400")).containsExactly("* SEARCH 2 3");
        assertThat(untagged(c, "SEARCH NOT OLDER 86400")).containsExactly("* SEARCH 2 3 4");
        assertThat(untagged(c, "w1", "UID SEARCH RETURN (COUNT) OLDER 1000000000"))
                .containsExactly("* ESEARCH (TAG \"w1\") UID COUNT 0");
    }

    @Test
    void theIntervalIsAPositiveNumberOfSeconds() throws Exception {
        assertThat(tagged(c, "SEARCH OLDER 0")).startsWith("BAD");
        assertThat(tagged(c, "SEARCH YOUNGER -5")).startsWith("BAD");
        assertThat(tagged(c, "SEARCH YOUNGER")).startsWith("BAD");
        assertThat(tagged(c, "SEARCH OLDER soon")).startsWith("BAD");
    }

    @Test
    void withinIsAdvertised() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" WITHIN");
    }
}
