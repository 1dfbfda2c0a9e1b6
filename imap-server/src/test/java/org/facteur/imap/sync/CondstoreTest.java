package org.facteur.imap.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONDSTORE (RFC 7162 3.1) over a real socket: HIGHESTMODSEQ, MODSEQ, CHANGEDSINCE, UNCHANGEDSINCE, SEARCH MODSEQ. */
class CondstoreTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;
    MailboxId inbox;

    @BeforeEach
    void start() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.deliver(ALICE, "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
        inbox = server.mailbox(ALICE, "INBOX");
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    long highest() {
        return server.store().status(inbox).highestModSeq();
    }

    long modSeq(long uid) {
        return server.store().messages(inbox).stream().filter(m -> m.uid() == uid).findFirst()
                .map(MessageRecord::modSeq).orElseThrow();
    }

    @Test
    void advertisedAndSelectTellsHighestModSeq() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" CONDSTORE", " QRESYNC");
        assertThat(c.ok("SELECT INBOX (CONDSTORE)")).contains("* OK [HIGHESTMODSEQ " + highest() + "] highest mod-sequence");
        assertThat(c.ok("STATUS INBOX (MESSAGES HIGHESTMODSEQ)"))
                .contains("* STATUS \"INBOX\" (MESSAGES 3 HIGHESTMODSEQ " + highest() + ")");
        assertThat(c.status("SELECT INBOX (NOSUCH)")).startsWith("a5 BAD");
    }

    @Test
    void fetchModSeqAndChangedSince() throws Exception {
        c.ok("SELECT INBOX");
        long before = highest();
        // The first CONDSTORE enabling command with a mailbox selected tells HIGHESTMODSEQ (RFC 7162 3.1).
        assertThat(c.ok("FETCH 1:* (MODSEQ)")).startsWith("* OK [HIGHESTMODSEQ " + before + "] CONDSTORE enabled",
                "* 1 FETCH (MODSEQ (" + modSeq(1) + "))", "* 2 FETCH (MODSEQ (" + modSeq(2) + "))");
        // FETCH MODSEQ enabled CONDSTORE: STORE's FETCH now carries UID and MODSEQ.
        assertThat(c.ok("STORE 2 +FLAGS (\\Flagged)"))
                .containsExactly("* 2 FETCH (FLAGS (\\Flagged \\Recent) UID 2 MODSEQ (" + modSeq(2) + "))", "a4 OK STORE completed");
        assertThat(modSeq(2)).isGreaterThan(before);
        // RFC 7162 3.1.4.1: only the changed message, MODSEQ implied.
        assertThat(c.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + before + ")"))
                .containsExactly("* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) MODSEQ (" + modSeq(2) + "))", "a5 OK FETCH completed");
        assertThat(c.status("FETCH 1 FLAGS (CHANGEDSINCE)")).startsWith("a6 BAD");
        assertThat(c.status("FETCH 1 FLAGS (CHANGEDSINCE x)")).startsWith("a7 BAD");
        assertThat(c.status("FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)")).startsWith("a8 BAD");
        assertThat(c.status("UID FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)")).startsWith("a9 BAD"); // no ENABLE QRESYNC
    }

    @Test
    void silentStoreStillTellsTheModSeqOnceEnabled() throws Exception {
        c.ok("ENABLE CONDSTORE");
        c.ok("SELECT INBOX");
        assertThat(c.ok("STORE 1 +FLAGS.SILENT (\\Seen)"))
                .containsExactly("* 1 FETCH (UID 1 MODSEQ (" + modSeq(1) + "))", "a4 OK STORE completed");
    }

    @Test
    void unchangedSinceLeavesMessagesChangedByOthersAndNamesThem() throws Exception {
        c.ok("SELECT INBOX");
        long known = highest();
        try (ImapClient other = server.login(ALICE)) {
            other.ok("SELECT INBOX");
            other.ok("STORE 2 +FLAGS.SILENT (\\Answered)");
        }
        List<String> lines = c.ok("STORE 1:3 (UNCHANGEDSINCE " + known + ") +FLAGS.SILENT (\\Deleted)");
        assertThat(lines).contains(
                "* 1 FETCH (UID 1 MODSEQ (" + modSeq(1) + "))",
                "* 2 FETCH (FLAGS (\\Answered \\Recent) UID 2 MODSEQ (" + modSeq(2) + "))",
                "* 3 FETCH (UID 3 MODSEQ (" + modSeq(3) + "))");
        assertThat(lines.get(lines.size() - 1)).startsWith("a3 OK [MODIFIED 2]");
        assertThat(server.store().messages(inbox).get(1).flags().toString()).doesNotContain("Deleted");
        // UID STORE names UIDs; UNCHANGEDSINCE 0 always fails (RFC 7162 3.1.3 example 8).
        assertThat(c.status("UID STORE 3 (UNCHANGEDSINCE 0) +FLAGS.SILENT ($MDNSent)")).startsWith("a4 OK [MODIFIED 3]");
        assertThat(c.status("STORE 1 (UNCHANGEDSINCE) +FLAGS (\\Seen)")).startsWith("a5 BAD");
        assertThat(c.status("STORE 1 (UNCHANGEDSINCE 5)")).startsWith("a6 BAD");
    }

    @Test
    void searchModSeqAppendsTheHighestModSeqOfTheMatches() throws Exception {
        c.ok("SELECT INBOX");
        long before = highest();
        c.ok("STORE 3 +FLAGS.SILENT (\\Draft)");
        long m3 = modSeq(3);
        assertThat(c.ok("SEARCH MODSEQ " + (before + 1))).contains("* SEARCH 3 (MODSEQ " + m3 + ")");
        assertThat(c.ok("UID SEARCH MODSEQ \"/flags/\\\\draft\" all " + (before + 1)))
                .startsWith("* SEARCH 3 (MODSEQ " + m3 + ")");
        assertThat(c.ok("SEARCH RETURN (ALL) MODSEQ 1")).startsWith("* ESEARCH (TAG \"a6\") ALL 1:3 MODSEQ " + m3);
        // RFC 7162 3.1.10: the MODSEQ of what is returned, so MIN's own.
        assertThat(c.ok("SEARCH RETURN (MIN) MODSEQ 1")).startsWith("* ESEARCH (TAG \"a7\") MIN 1 MODSEQ " + modSeq(1));
        assertThat(c.ok("SEARCH MODSEQ " + (m3 + 1))).containsExactly("* SEARCH", "a8 OK SEARCH completed");
        assertThat(c.status("SEARCH MODSEQ \"/flags/\\\\draft\" mine 1")).startsWith("a9 BAD");
    }

    @Test
    void otherSessionsChangesCarryModSeqOnlyOnceEnabled() throws Exception {
        c.ok("SELECT INBOX");
        try (ImapClient other = server.login(ALICE)) {
            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS (\\Seen)");
            assertThat(c.ok("NOOP")).contains("* 1 FETCH (FLAGS (\\Seen \\Recent) UID 1)");
            c.ok("ENABLE CONDSTORE");
            other.ok("STORE 1 +FLAGS (\\Flagged)");
            assertThat(c.ok("NOOP"))
                    .contains("* 1 FETCH (FLAGS (\\Flagged \\Seen \\Recent) UID 1 MODSEQ (" + modSeq(1) + "))");
        }
    }

    @Test
    void aQueuedChangeOlderThanWhatFetchShowedIsNotSentAfterIt() throws Exception {
        c.ok("ENABLE CONDSTORE");
        c.ok("SELECT INBOX");
        try (ImapClient other = server.login(ALICE)) {
            other.ok("SELECT INBOX");
            other.ok("STORE 1 +FLAGS.SILENT (\\Seen)");
            long first = modSeq(1);
            other.ok("STORE 1 +FLAGS.SILENT (\\Flagged)");
            // FETCH shows the newest state; the two queued changes are older or equal: MODSEQ never goes back.
            List<String> lines = c.ok("FETCH 1 (FLAGS MODSEQ)");
            assertThat(lines).containsExactly("* 1 FETCH (FLAGS (\\Flagged \\Seen \\Recent) MODSEQ (" + modSeq(1) + "))",
                    "a4 OK FETCH completed");
            assertThat(lines).noneMatch(l -> l.contains("MODSEQ (" + first + ")"));
        }
    }
}
