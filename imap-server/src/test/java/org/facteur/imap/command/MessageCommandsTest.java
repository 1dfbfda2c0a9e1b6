package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SELECT/EXAMINE, APPEND, FETCH, STORE, COPY, MOVE, EXPUNGE, SEARCH, CLOSE, UNSELECT in one session. */
class MessageCommandsTest {

    static final String M1 = "From: Bob <bob@example.org>\r\nSubject: first\r\n\r\nhello\r\n";
    static final String M2 = "Subject: second\r\n\r\nworld\r\n";
    static final String M3 = "Subject: third\r\n\r\nthird body\r\n";

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;
    long validity;

    @BeforeEach
    void start() throws Exception {
        server.deliver(ALICE, M1);
        server.deliver(ALICE, M2);
        server.deliver(ALICE, M3);
        validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    List<MessageRecord> inbox() {
        return server.store().messages(server.mailbox(ALICE, "INBOX"));
    }

    @Test
    void selectReportsTheMailbox() throws Exception {
        assertThat(c.ok("SELECT inbox")).containsExactly(
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] flags permitted",
                "* 3 EXISTS",
                "* 3 RECENT",
                "* OK [UNSEEN 1] first unseen",
                "* OK [UIDVALIDITY " + validity + "] UIDs valid",
                "* OK [UIDNEXT 4] predicted next UID",
                "* OK [HIGHESTMODSEQ " + server.store().status(server.mailbox(ALICE, "INBOX")).highestModSeq()
                        + "] highest mod-sequence",
                "a2 OK [READ-WRITE] SELECT completed");
        // \Recent went to the first session: a second SELECT sees none.
        assertThat(c.ok("EXAMINE INBOX")).contains("* 0 RECENT", "* OK [PERMANENTFLAGS ()] flags permitted",
                "a3 OK [READ-ONLY] EXAMINE completed");
        assertThat(c.status("SELECT Nope")).startsWith("a4 NO [NONEXISTENT]");
        // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
        assertThat(c.status("FETCH 1 FLAGS")).startsWith("a5 BAD FETCH is not valid in the authenticated state");
    }

    @Test
    void appendWithFlagsAndDateAnswersAppendUid() throws Exception {
        String message = "Subject: appended\r\n\r\nbody\r\n";
        c.send("a1 APPEND Drafts (\\Draft $Label) \" 5-Mar-2024 10:11:12 +0100\" {" + message.length() + "}");
        assertThat(c.readLine()).isEqualTo("+ Ready for literal data");
        c.sendRaw(message + "\r\n");
        long draftsValidity = server.store().mailbox(ALICE, "Drafts").orElseThrow().uidValidity();
        assertThat(c.readLine()).isEqualTo("a1 OK [APPENDUID " + draftsValidity + " 1] APPEND completed");
        MessageRecord stored = server.store().messages(server.mailbox(ALICE, "Drafts")).get(0);
        assertThat(stored.flags().has(SystemFlag.DRAFT)).isTrue();
        assertThat(stored.flags().hasKeyword("$Label")).isTrue();
        assertThat(stored.internalDate()).isEqualTo(java.time.Instant.parse("2024-03-05T09:11:12Z"));
        c.ok("SELECT Drafts");
        assertThat(c.ok("FETCH 1 (FLAGS INTERNALDATE BODY.PEEK[])")).first().asString()
                .contains("$Label", "\\Draft", "INTERNALDATE \" 5-Mar-2024 09:11:12 +0000\"", "{" + message.length() + "}\r\n" + message);
        assertThat(c.status("APPEND Nowhere {1+}\r\nx")).startsWith("a4 NO [TRYCREATE]");
        assertThat(c.status("APPEND INBOX (\\Bogus) {1+}\r\nx")).startsWith("a5 BAD");
        assertThat(c.status("APPEND INBOX \"not a date\" {1+}\r\nx")).startsWith("a6 BAD");
        assertThat(c.status("APPEND INBOX \"quoted, not a literal\"")).startsWith("a7 BAD");
    }

    @Test
    void appendOverTheLimitIsTooBig() throws Exception {
        try (TestServer small = new TestServer(server.dataDir().resolve("small"), b -> b.appendLimit(100)).start();
             ImapClient s = small.login(ALICE)) {
            assertThat(s.status("APPEND INBOX {101}")).isEqualTo("a2 NO [TOOBIG] literal larger than 100 bytes");
            s.send("a3 APPEND INBOX {101+}");
            s.sendRaw("x".repeat(101) + "\r\n");
            assertThat(s.readLine()).isEqualTo("a3 NO [TOOBIG] literal larger than 100 bytes");
            assertThat(s.status("APPEND INBOX {100+}\r\n" + "y".repeat(100))).startsWith("a3 OK [APPENDUID");
        }
    }

    @Test
    void fetchWithoutPeekSetsSeenAndSendsTheFlags() throws Exception {
        c.ok("SELECT INBOX");
        List<String> fetch = c.ok("FETCH 1 (BODY[TEXT])");
        assertThat(fetch.get(0)).startsWith("* 1 FETCH (").contains("BODY[TEXT] {7}\r\nhello\r\n",
                "FLAGS (\\Seen \\Recent)");
        assertThat(inbox().get(0).flags().has(SystemFlag.SEEN)).isTrue();
        c.ok("FETCH 2 (BODY.PEEK[TEXT])");
        assertThat(inbox().get(1).flags().has(SystemFlag.SEEN)).isFalse();
        // EXAMINE is read-only: no \Seen.
        c.ok("EXAMINE INBOX");
        c.ok("FETCH 3 (RFC822.TEXT)");
        assertThat(inbox().get(2).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    void uidFetchAndSequenceErrors() throws Exception {
        c.ok("SELECT INBOX");
        List<String> fetch = c.ok("UID FETCH 2:* (FLAGS)");
        assertThat(fetch).hasSize(3);
        assertThat(fetch.get(0)).startsWith("* 2 FETCH (").contains("UID 2", "FLAGS (\\Recent)");
        assertThat(fetch.get(1)).startsWith("* 3 FETCH (").contains("UID 3", "FLAGS (\\Recent)");
        assertThat(c.ok("UID FETCH 1:4294967295 (UID)")).hasSize(4);
        assertThat(c.ok("UID FETCH 99 (UID)")).containsExactly("a5 OK FETCH completed");
        assertThat(c.status("FETCH 4 (FLAGS)")).startsWith("a6 BAD no message with sequence number 4");
        assertThat(c.status("FETCH 0 (FLAGS)")).startsWith("a7 BAD");
        assertThat(c.status("FETCH 1 (BOGUS)")).startsWith("a8 BAD");
    }

    @Test
    void storeFlags() throws Exception {
        c.ok("SELECT INBOX");
        assertThat(c.ok("STORE 1:2 +FLAGS (\\Flagged $Work)")).containsExactly(
                // RFC 3501 7.2.6: the new keyword is announced before a FETCH shows it.
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)",
                "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] flags permitted",
                "* 1 FETCH (FLAGS (\\Flagged \\Recent $Work))",
                "* 2 FETCH (FLAGS (\\Flagged \\Recent $Work))",
                "a3 OK STORE completed");
        assertThat(c.ok("STORE 1 -FLAGS.SILENT (\\Flagged)")).containsExactly("a4 OK STORE completed");
        assertThat(c.ok("UID STORE 3 FLAGS (\\Answered)")).containsExactly(
                "* 3 FETCH (FLAGS (\\Answered \\Recent) UID 3)", "a5 OK STORE completed");
        assertThat(inbox()).extracting(r -> r.flags().toString())
                .containsExactly("($Work)", "(\\Flagged $Work)", "(\\Answered)");
        assertThat(c.status("STORE 1 FLAGS.BOGUS (\\Seen)")).startsWith("a6 BAD");
        c.ok("EXAMINE INBOX");
        assertThat(c.status("STORE 1 +FLAGS (\\Seen)")).startsWith("a8 NO [READ-ONLY]");
    }

    @Test
    void copyAndMoveAnswerCopyUid() throws Exception {
        c.ok("SELECT INBOX");
        long archive = server.store().mailbox(ALICE, "Archive").orElseThrow().uidValidity();
        assertThat(c.ok("COPY 1:2 Archive")).containsExactly(
                "a3 OK [COPYUID " + archive + " 1:2 1:2] COPY completed");
        assertThat(c.status("COPY 1 Nowhere")).startsWith("a4 NO [TRYCREATE]");
        // RFC 6851 4.3: COPYUID in an untagged OK, then the expunges, then the tagged OK.
        assertThat(c.ok("MOVE 2:3 Archive")).containsExactly(
                "* OK [COPYUID " + archive + " 2:3 3:4] moved",
                "* 2 EXPUNGE",
                "* 2 EXPUNGE",
                "a5 OK MOVE completed");
        assertThat(c.ok("UID MOVE 1 Trash")).contains("* 1 EXPUNGE");
        assertThat(inbox()).isEmpty();
        assertThat(server.store().messages(server.mailbox(ALICE, "Archive"))).hasSize(4);
    }

    @Test
    void expungeAndUidExpunge() throws Exception {
        c.ok("SELECT INBOX");
        c.ok("STORE 1:3 +FLAGS.SILENT (\\Deleted)");
        assertThat(c.ok("UID EXPUNGE 2")).containsExactly("* 2 EXPUNGE", "a4 OK EXPUNGE completed");
        assertThat(c.ok("EXPUNGE")).containsExactly("* 1 EXPUNGE", "* 1 EXPUNGE", "a5 OK EXPUNGE completed");
        assertThat(inbox()).isEmpty();
        assertThat(c.ok("FETCH 1:* FLAGS")).containsExactly("a6 OK FETCH completed");
    }

    @Test
    void closeExpungesSilentlyAndUnselectDoesNot() throws Exception {
        c.ok("SELECT INBOX");
        c.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
        assertThat(c.ok("UNSELECT")).containsExactly("a4 OK UNSELECT completed");
        assertThat(inbox()).hasSize(3);
        c.ok("SELECT INBOX");
        assertThat(c.ok("CLOSE")).containsExactly("a6 OK CLOSE completed");
        assertThat(inbox()).hasSize(2);
        assertThat(c.status("CLOSE")).startsWith("a7 BAD");
    }

    @Test
    void searchAndUidSearch() throws Exception {
        c.ok("SELECT INBOX");
        c.ok("STORE 2 +FLAGS.SILENT (\\Seen)");
        assertThat(c.ok("SEARCH UNSEEN")).containsExactly("* SEARCH 1 3", "a4 OK SEARCH completed");
        assertThat(c.ok("UID SEARCH SUBJECT third")).containsExactly("* SEARCH 3", "a5 OK SEARCH completed");
        assertThat(c.ok("SEARCH BODY world")).containsExactly("* SEARCH 2", "a6 OK SEARCH completed");
        assertThat(c.ok("SEARCH RETURN (COUNT) ALL")).containsExactly("* ESEARCH (TAG \"a7\") COUNT 3", "a7 OK SEARCH completed");
        assertThat(c.status("SEARCH CHARSET KOI8-R ALL")).startsWith("a8 NO [BADCHARSET");
        assertThat(c.status("SEARCH BOGUS")).startsWith("a9 BAD");
    }

    @Test
    void checkNoopAndStateErrors() throws Exception {
        assertThat(c.status("CHECK")).startsWith("a2 BAD CHECK is not valid in the authenticated state");
        c.ok("SELECT INBOX");
        assertThat(c.ok("CHECK")).containsExactly("a4 OK CHECK completed");
        assertThat(c.status("LOGIN x y")).startsWith("a5 BAD LOGIN is not valid");
        assertThat(c.status("UID BOGUS 1")).startsWith("a6 BAD");
    }
}
