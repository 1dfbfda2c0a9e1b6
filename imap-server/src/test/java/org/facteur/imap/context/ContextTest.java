package org.facteur.imap.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.Replies.tagged;
import static org.facteur.imap.support.Replies.untagged;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267 4) over a real TLS socket: UPDATE contexts followed
 * through this session's and another session's changes, CANCELUPDATE, NOUPDATE, PARTIAL. The
 * INBOX starts with five messages, UIDs 1 to 5, subjects "c", "a", "e", "b", "d".
 */
class ContextTest {

    static final String[] SUBJECTS = {"c", "a", "e", "b", "d"};

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        for (String subject : SUBJECTS) {
            server.deliver(ALICE, "Subject: " + subject + "\r\n\r\nbody\r\n");
        }
        c = server.login(ALICE);
        c.ok("SELECT INBOX");
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    static List<String> esearch(List<String> lines) {
        List<String> out = new ArrayList<>();
        lines.stream().filter(l -> l.startsWith("* ESEARCH")).forEach(out::add);
        return out;
    }

    @Test
    void capabilitiesAdvertiseBothContexts() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" CONTEXT=SEARCH", " CONTEXT=SORT", " ESORT");
    }

    @Test
    void searchUpdateFollowsThisSessionsStoresExpungesAndAppends() throws Exception {
        assertThat(untagged(c, "S1", "SEARCH RETURN (UPDATE) SEEN")).containsExactly("* ESEARCH (TAG \"S1\")");
        assertThat(esearch(untagged(c, "STORE 1,2,4 +FLAGS (\\Seen)")))
                .containsExactly("* ESEARCH (TAG \"S1\") ADDTO (0 1:2,4)");
        assertThat(esearch(untagged(c, "STORE 1,2 -FLAGS (\\Seen)")))
                .containsExactly("* ESEARCH (TAG \"S1\") REMOVEFROM (0 1:2)");
        c.ok("STORE 3:5 +FLAGS.SILENT (\\Deleted)");
        // RFC 5267 4.3.4: the REMOVEFROM comes before the EXPUNGE, while 4 still names the message.
        assertThat(untagged(c, "EXPUNGE")).containsExactly(
                "* 3 EXPUNGE", "* ESEARCH (TAG \"S1\") REMOVEFROM (0 3)", "* 3 EXPUNGE", "* 3 EXPUNGE");
        // RFC 5267 4.3.3: the ADDTO of an appended message comes after its EXISTS.
        String m = "Subject: new\r\n\r\nx\r\n";
        c.send("A1 APPEND INBOX (\\Seen) {" + m.length() + "+}\r\n" + m);
        List<String> lines = c.readUntilTagged("A1");
        assertThat(lines.subList(0, lines.size() - 1))
                .containsExactly("* 3 EXISTS", "* 3 RECENT", "* ESEARCH (TAG \"S1\") ADDTO (0 3)");

        assertThat(tagged(c, "CANCELUPDATE \"S1\"")).startsWith("OK");
        assertThat(esearch(c.ok("STORE 1 +FLAGS (\\Seen)"))).isEmpty();
        assertThat(tagged(c, "CANCELUPDATE \"S1\"")).startsWith("BAD");
    }

    @Test
    void anotherSessionsChangesReachTheContextAtTheNextCommandAndInIdle() throws Exception {
        assertThat(untagged(c, "U1", "UID SEARCH RETURN (UPDATE COUNT) UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"U1\") UID COUNT 5");
        try (ImapClient other = server.login(ALICE)) {
            other.ok("SELECT INBOX");
            other.ok("STORE 2:3 +FLAGS (\\Seen)");
        }
        assertThat(esearch(c.ok("NOOP"))).containsExactly("* ESEARCH (TAG \"U1\") UID REMOVEFROM (0 2:3)");

        c.send("I1 IDLE");
        assertThat(c.readLine()).startsWith("+ ");
        server.deliver(ALICE, "Subject: f\r\n\r\nnew\r\n");
        assertThat(c.readLine()).isEqualTo("* 6 EXISTS");
        assertThat(c.readLine()).isEqualTo("* 6 RECENT");
        assertThat(c.readLine()).isEqualTo("* ESEARCH (TAG \"U1\") UID ADDTO (0 6)");
        c.send("DONE");
        assertThat(c.readLine()).startsWith("I1 OK");
    }

    @Test
    void sortUpdateGivesPositionsInTheSortedResult() throws Exception {
        // By subject: a(2) b(4) c(1) d(5) e(3).
        assertThat(untagged(c, "T1", "UID SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 ALL"))
                .containsExactly("* ESEARCH (TAG \"T1\") UID ALL 2,4,1,5,3");
        assertThat(esearch(c.ok("STORE 1,5 +FLAGS.SILENT (\\Deleted)"))).isEmpty();
        // Each REMOVEFROM before its EXPUNGE: c at position 3, then d, which moved up to 3.
        assertThat(untagged(c, "EXPUNGE")).containsExactly(
                "* ESEARCH (TAG \"T1\") UID REMOVEFROM (3 1)", "* 1 EXPUNGE",
                "* ESEARCH (TAG \"T1\") UID REMOVEFROM (3 5)", "* 4 EXPUNGE");
        // Now a(2) b(4) e(3): "d2" and "b2" arrive, at positions 3 and 4 of a, b, b2, d2, e.
        server.deliver(ALICE, "Subject: d2\r\n\r\nx\r\n");
        server.deliver(ALICE, "Subject: b2\r\n\r\nx\r\n");
        assertThat(c.ok("NOOP")).contains("* ESEARCH (TAG \"T1\") UID ADDTO (3 7,6)");
        assertThat(untagged(c, "T9", "UID SORT RETURN (ALL) (SUBJECT) UTF-8 ALL"))
                .containsExactly("* ESEARCH (TAG \"T9\") UID ALL 2,4,7,6,3");
    }

    @Test
    void expungesAtTheStartMiddleAndEndAndOutsideTheResultEachGetTheirRemoveFrom() throws Exception {
        for (String subject : new String[] {"j", "f", "i", "g", "h"}) {
            server.deliver(ALICE, "Subject: " + subject + "\r\n\r\nbody\r\n");
        }
        c.ok("NOOP");
        c.ok("UID STORE 2,7 +FLAGS.SILENT (\\Seen)");
        assertThat(untagged(c, "S1", "SEARCH RETURN (UPDATE ALL) UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"S1\") ALL 1,3:6,8:10");
        assertThat(untagged(c, "T1", "UID SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"T1\") UID ALL 4,1,5,3,9:10,8,6");
        c.ok("UID STORE 1,2,5,6,7,10 +FLAGS.SILENT (\\Deleted)");
        // Each in UID order: 1 first of both, 2 and 7 in neither, 5 in the middle, 6 last of the
        // sorted result, 10 last of the search; positions and sequence numbers of that moment.
        assertThat(untagged(c, "EXPUNGE")).containsExactly(
                "* ESEARCH (TAG \"S1\") REMOVEFROM (0 1)", "* ESEARCH (TAG \"T1\") UID REMOVEFROM (2 1)",
                "* 1 EXPUNGE",
                "* 1 EXPUNGE",
                "* ESEARCH (TAG \"S1\") REMOVEFROM (0 3)", "* ESEARCH (TAG \"T1\") UID REMOVEFROM (2 5)",
                "* 3 EXPUNGE",
                "* ESEARCH (TAG \"S1\") REMOVEFROM (0 3)", "* ESEARCH (TAG \"T1\") UID REMOVEFROM (6 6)",
                "* 3 EXPUNGE",
                "* 3 EXPUNGE",
                "* ESEARCH (TAG \"S1\") REMOVEFROM (0 5)", "* ESEARCH (TAG \"T1\") UID REMOVEFROM (4 10)",
                "* 5 EXPUNGE");
        // What is left (b4 c3 g9 h8 sorted: 4,3,9,8) is where later changes are counted from.
        assertThat(esearch(c.ok("UID STORE 9 +FLAGS.SILENT (\\Seen)"))).containsExactly(
                "* ESEARCH (TAG \"S1\") REMOVEFROM (0 4)", "* ESEARCH (TAG \"T1\") UID REMOVEFROM (3 9)");
    }

    @Test
    void sequenceNumberSortContextsNumberByPosition() throws Exception {
        assertThat(untagged(c, "T2", "SORT RETURN (UPDATE) (REVERSE SUBJECT) UTF-8 UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"T2\")");
        // e(3) d(5) c(1) b(4) a(2): d is at position 2.
        assertThat(esearch(c.ok("STORE 5 +FLAGS (\\Seen)"))).containsExactly("* ESEARCH (TAG \"T2\") REMOVEFROM (2 5)");
        assertThat(esearch(c.ok("STORE 5 -FLAGS (\\Seen)"))).containsExactly("* ESEARCH (TAG \"T2\") ADDTO (2 5)");
    }

    @Test
    void tagReuseIsBadTooManyContextsIsNoUpdateAndSelectEndsThem() throws Exception {
        untagged(c, "R1", "SEARCH RETURN (UPDATE) ALL");
        c.send("R1 SEARCH RETURN (UPDATE) ALL");
        assertThat(c.readUntilTagged("R1")).last().asString().startsWith("R1 BAD");
        for (int i = 2; i <= UpdateContexts.LIMIT; i++) {
            untagged(c, "R" + i, "SEARCH RETURN (UPDATE) ALL");
        }
        assertThat(untagged(c, "R9", "SEARCH RETURN (UPDATE COUNT) ALL"))
                .containsExactly("* ESEARCH (TAG \"R9\") COUNT 5", "* NO [NOUPDATE \"R9\"] too many updating contexts");
        c.ok("SELECT INBOX");
        assertThat(esearch(c.ok("STORE 1 +FLAGS (\\Deleted)"))).isEmpty();
        assertThat(tagged(c, "CANCELUPDATE \"R1\"")).startsWith("BAD");
        assertThat(tagged(c, "CANCELUPDATE R1")).startsWith("BAD");
    }

    @Test
    void partialAnswersAWindowOfTheResult() throws Exception {
        c.ok("STORE 3 +FLAGS (\\Seen)");
        assertThat(untagged(c, "P1", "SEARCH RETURN (PARTIAL 2:3) UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"P1\") PARTIAL (2:3 2,4)");
        assertThat(untagged(c, "P2", "SEARCH RETURN (PARTIAL 4:2 COUNT) UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"P2\") COUNT 4 PARTIAL (2:4 2,4:5)");
        assertThat(untagged(c, "P3", "UID SEARCH RETURN (PARTIAL 5:10) UNSEEN"))
                .containsExactly("* ESEARCH (TAG \"P3\") UID PARTIAL (5:10 NIL)");
        assertThat(untagged(c, "P4", "SORT RETURN (PARTIAL 2:4) (SUBJECT) UTF-8 ALL"))
                .containsExactly("* ESEARCH (TAG \"P4\") PARTIAL (2:4 4,1,5)");
        for (String bad : new String[] {"PARTIAL 1", "PARTIAL 1:*", "PARTIAL 0:2", "PARTIAL 1:2 ALL", "PARTIAL",
                "PARTIAL 1:2 PARTIAL 3:4"}) {
            assertThat(tagged(c, "SEARCH RETURN (" + bad + ") ALL")).as(bad).startsWith("BAD");
        }
    }
}
