package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.Replies.tagged;
import static org.facteur.imap.support.Replies.untagged;
import static org.facteur.imap.support.TestServer.ALICE;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SEARCHRES (RFC 5182) over a socket: {@code SEARCH RETURN (SAVE)} and {@code $} in every command
 * that takes a sequence set. The INBOX holds five messages, UIDs 1 to 5, whose subjects say
 * whether they are "odd" or "even".
 */
class SearchResTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        for (int i = 1; i <= 5; i++) {
            server.deliver(ALICE, "Subject: " + (i % 2 == 1 ? "odd" : "even") + " " + i + "\r\n\r\nbody\r\n");
        }
        c = server.login(ALICE);
        c.ok("SELECT INBOX");
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    @Test
    void saveAloneAnswersNoEsearchAndDollarNamesTheResultEverywhere() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" SEARCHRES");
        assertThat(untagged(c, "SEARCH RETURN (SAVE) SUBJECT odd")).isEmpty();
        assertThat(untagged(c, "FETCH $ (UID)")).containsExactly(
                "* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)", "* 5 FETCH (UID 5)");
        assertThat(untagged(c, "UID FETCH $ (UID)")).containsExactly(
                "* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)", "* 5 FETCH (UID 5)");
        // As a search key, bare or after UID, and negated.
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 1 3 5");
        assertThat(untagged(c, "SEARCH NOT $")).containsExactly("* SEARCH 2 4");
        assertThat(untagged(c, "UID SEARCH UID $ 2:3")).containsExactly("* SEARCH 3");
        // SORT and THREAD take the same search keys.
        assertThat(untagged(c, "SORT (REVERSE SUBJECT) UTF-8 $")).containsExactly("* SORT 5 3 1");
        assertThat(untagged(c, "UID THREAD ORDEREDSUBJECT UTF-8 NOT $")).containsExactly("* THREAD (2)(4)");
        assertThat(untagged(c, "STORE $ +FLAGS.SILENT (\\Flagged)")).isEmpty();
        assertThat(untagged(c, "SEARCH FLAGGED")).containsExactly("* SEARCH 1 3 5");
        assertThat(tagged(c, "COPY $ Archive")).startsWith("OK [COPYUID ");
        assertThat(server.store().messages(server.mailbox(ALICE, "Archive"))).hasSize(3);
        assertThat(tagged(c, "UID MOVE $ Trash")).startsWith("OK");
        assertThat(untagged(c, "SEARCH ALL")).containsExactly("* SEARCH 1 2");
        assertThat(untagged(c, "FETCH 1:* (UID)")).containsExactly("* 1 FETCH (UID 2)", "* 2 FETCH (UID 4)");
        // The moved messages are expunged from here, so $ names none of them any more.
        assertThat(untagged(c, "FETCH $ (UID)")).isEmpty();
    }

    @Test
    void dollarBeforeAnySaveIsTheEmptySet() throws Exception {
        assertThat(untagged(c, "FETCH $ (UID)")).isEmpty();
        assertThat(untagged(c, "UID STORE $ +FLAGS (\\Seen)")).isEmpty();
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH");
        assertThat(tagged(c, "COPY $ Archive")).startsWith("OK");
        assertThat(server.store().messages(server.mailbox(ALICE, "Archive"))).isEmpty();
        // $ stands alone: it does not combine with numbers.
        assertThat(tagged(c, "FETCH $,1 (UID)")).startsWith("BAD");
    }

    @Test
    void minAndMaxAloneSaveOnlyWhatTheyReturn() throws Exception {
        // RFC 5182 2.4
        assertThat(untagged(c, "s1", "SEARCH RETURN (SAVE MIN) SUBJECT odd")).containsExactly("* ESEARCH (TAG \"s1\") MIN 1");
        assertThat(untagged(c, "UID SEARCH $")).containsExactly("* SEARCH 1");
        assertThat(untagged(c, "s2", "SEARCH RETURN (MAX SAVE) SUBJECT odd")).containsExactly("* ESEARCH (TAG \"s2\") MAX 5");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 5");
        assertThat(untagged(c, "s3", "SEARCH RETURN (MIN MAX SAVE) SUBJECT odd"))
                .containsExactly("* ESEARCH (TAG \"s3\") MIN 1 MAX 5");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 1 5");
        // With COUNT or ALL, every match is saved.
        assertThat(untagged(c, "s4", "SEARCH RETURN (MIN COUNT SAVE) SUBJECT odd"))
                .containsExactly("* ESEARCH (TAG \"s4\") MIN 1 COUNT 3");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 1 3 5");
        assertThat(untagged(c, "s5", "UID SEARCH RETURN (SAVE ALL) SUBJECT even"))
                .containsExactly("* ESEARCH (TAG \"s5\") UID ALL 2,4");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 2 4");
        // Nothing matched: nothing saved.
        assertThat(untagged(c, "s6", "SEARCH RETURN (SAVE MIN) SUBJECT nowhere")).containsExactly("* ESEARCH (TAG \"s6\")");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH");
    }

    @Test
    void aSearchUsesThePreviousResultBeforeSavingItsOwn() throws Exception {
        c.ok("SEARCH RETURN (SAVE) 1:2");
        c.ok("SEARCH RETURN (SAVE) NOT $");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 3 4 5");
    }

    @Test
    void selectExamineCloseAndUnselectForgetTheResult() throws Exception {
        for (String leave : new String[] {"SELECT INBOX", "EXAMINE INBOX", "CLOSE", "UNSELECT", "SELECT Nowhere"}) {
            c.ok("SELECT INBOX");
            c.ok("SEARCH RETURN (SAVE) ALL");
            assertThat(untagged(c, "SEARCH $")).as(leave).containsExactly("* SEARCH 1 2 3 4 5");
            c.command(leave);
            c.ok("SELECT INBOX");
            assertThat(untagged(c, "SEARCH $")).as("after " + leave).containsExactly("* SEARCH");
        }
    }

    @Test
    void expungedMessagesLeaveTheResultAndNewOnesDoNotJoinIt() throws Exception {
        c.ok("SEARCH RETURN (SAVE) 2:4");
        c.ok("STORE 3 +FLAGS.SILENT (\\Deleted)");
        assertThat(untagged(c, "EXPUNGE")).containsExactly("* 3 EXPUNGE");
        assertThat(untagged(c, "FETCH $ (UID)")).containsExactly("* 2 FETCH (UID 2)", "* 3 FETCH (UID 4)");
        // Another session expunges UID 2 and a message arrives.
        try (ImapClient other = server.login(ALICE)) {
            other.ok("SELECT INBOX");
            other.ok("UID STORE 2 +FLAGS.SILENT (\\Deleted)");
            other.ok("EXPUNGE");
        }
        server.deliver(ALICE, "Subject: new\r\n\r\nbody\r\n");
        assertThat(untagged(c, "NOOP")).contains("* 2 EXPUNGE", "* 4 EXISTS");
        assertThat(untagged(c, "FETCH $ (UID)")).containsExactly("* 2 FETCH (UID 4)");
        assertThat(untagged(c, "UID SEARCH $")).containsExactly("* SEARCH 4");
    }

    @Test
    void uidExpungeTakesDollar() throws Exception {
        c.ok("SEARCH RETURN (SAVE) 4:5");
        c.ok("STORE 1:* +FLAGS.SILENT (\\Deleted)");
        assertThat(untagged(c, "UID EXPUNGE $")).containsExactly("* 4 EXPUNGE", "* 4 EXPUNGE");
        assertThat(untagged(c, "UID SEARCH ALL")).containsExactly("* SEARCH 1 2 3");
    }

    @Test
    void aFailedSaveLeavesTheResultEmpty() throws Exception {
        c.ok("SEARCH RETURN (SAVE) ALL");
        assertThat(tagged(c, "SEARCH RETURN (SAVE) CHARSET KOI8-R SUBJECT x")).startsWith("NO [BADCHARSET");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH");
        c.ok("SEARCH RETURN (SAVE) ALL");
        assertThat(tagged(c, "SEARCH RETURN (SAVE) BOGUS")).startsWith("BAD");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH");
        // A failed search that did not ask for SAVE leaves the result alone.
        c.ok("SEARCH RETURN (SAVE) 1");
        assertThat(tagged(c, "SEARCH BOGUS")).startsWith("BAD");
        assertThat(untagged(c, "SEARCH $")).containsExactly("* SEARCH 1");
    }
}
