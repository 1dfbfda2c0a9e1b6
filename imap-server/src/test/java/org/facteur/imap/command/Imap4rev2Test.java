package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.Replies.tagged;
import static org.facteur.imap.support.Replies.untagged;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ENABLE IMAP4rev2 (RFC 9051) over a socket: what changes for the session that enables it, and
 * that a rev1 session beside it sees none of it.
 */
class Imap4rev2Test {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        server.deliver(ALICE, "Subject: one\r\n\r\nfirst\r\n");
        server.deliver(ALICE, "Subject: two\r\n\r\nsecond\r\n");
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    private void enable() throws Exception {
        assertThat(untagged(c, "ENABLE IMAP4rev2")).containsExactly("* ENABLED IMAP4rev2");
    }

    @Test
    void bothVersionsAreAdvertised() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).startsWith("* CAPABILITY IMAP4rev1 IMAP4rev2 ");
    }

    @Test
    void selectAnswersListAndNeitherRecentNorUnseen() throws Exception {
        enable();
        long validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
        List<String> select = untagged(c, "SELECT inbox");
        assertThat(select).contains("* 2 EXISTS", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* OK [UIDVALIDITY " + validity + "] UIDs valid", "* OK [UIDNEXT 3] predicted next UID");
        assertThat(select).noneMatch(l -> l.contains("RECENT") || l.contains("UNSEEN"));
        assertThat(untagged(c, "EXAMINE Sent")).contains("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"");
    }

    @Test
    void noRecentFlagNorRecentResponseAndRev1SessionsStillSeeThem() throws Exception {
        enable();
        c.ok("SELECT INBOX");
        assertThat(untagged(c, "FETCH 1:* (FLAGS)")).containsExactly("* 1 FETCH (FLAGS ())", "* 2 FETCH (FLAGS ())");
        server.deliver(ALICE, "Subject: three\r\n\r\nthird\r\n");
        assertThat(untagged(c, "NOOP")).containsExactly("* 3 EXISTS");
        assertThat(untagged(c, "s1", "SEARCH RECENT")).containsExactly("* ESEARCH (TAG \"s1\")");
        // The rev2 session claimed nothing: the first rev1 session to select sees all three as recent.
        try (ImapClient rev1 = server.login(ALICE)) {
            assertThat(rev1.ok("SELECT INBOX")).contains("* 3 RECENT");
            assertThat(untagged(rev1, "FETCH 3 (FLAGS)")).containsExactly("* 3 FETCH (FLAGS (\\Recent))");
        }
    }

    @Test
    void searchAnswersInEsearchForm() throws Exception {
        enable();
        c.ok("SELECT INBOX");
        assertThat(untagged(c, "s1", "SEARCH ALL")).containsExactly("* ESEARCH (TAG \"s1\") ALL 1:2");
        assertThat(untagged(c, "s2", "UID SEARCH SUBJECT two")).containsExactly("* ESEARCH (TAG \"s2\") UID ALL 2");
        assertThat(untagged(c, "s3", "SEARCH SUBJECT nowhere")).containsExactly("* ESEARCH (TAG \"s3\")");
        assertThat(untagged(c, "s4", "SEARCH RETURN (COUNT) ALL")).containsExactly("* ESEARCH (TAG \"s4\") COUNT 2");
        assertThat(untagged(c, "s5", "SEARCH RETURN (SAVE) SUBJECT one")).isEmpty();
        assertThat(untagged(c, "s6", "SEARCH $")).containsExactly("* ESEARCH (TAG \"s6\") ALL 1");
        long modSeq = server.store().messages(server.mailbox(ALICE, "INBOX")).get(1).modSeq();
        assertThat(untagged(c, "s7", "SEARCH MODSEQ 1")).containsExactly(
                "* OK [HIGHESTMODSEQ " + modSeq + "] CONDSTORE enabled", "* ESEARCH (TAG \"s7\") ALL 1:2 MODSEQ " + modSeq);
        // SORT keeps its own response.
        assertThat(untagged(c, "SORT (SUBJECT) UTF-8 ALL")).containsExactly("* SORT 1 2");
    }

    @Test
    void statusHasDeletedAndSize() throws Exception {
        enable();
        c.ok("SELECT INBOX");
        c.ok("STORE 2 +FLAGS.SILENT (\\Deleted)");
        long size = server.store().status(server.mailbox(ALICE, "INBOX")).totalSize();
        assertThat(untagged(c, "STATUS INBOX (MESSAGES DELETED SIZE)"))
                .containsExactly("* STATUS \"INBOX\" (MESSAGES 2 DELETED 1 SIZE " + size + ")");
        assertThat(untagged(c, "LIST \"\" Drafts RETURN (STATUS (DELETED))")).containsExactly(
                "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"", "* STATUS \"Drafts\" (DELETED 0)");
    }

    @Test
    void statusRecentIsBadUnderRev2AndStillAnsweredToRev1() throws Exception {
        assertThat(untagged(c, "STATUS INBOX (RECENT)")).hasSize(1).allMatch(l -> l.startsWith("* STATUS \"INBOX\" (RECENT "));
        enable();
        // RFC 9051 9: status-att has no RECENT.
        assertThat(tagged(c, "STATUS INBOX (MESSAGES RECENT)")).startsWith("BAD");
        assertThat(tagged(c, "LIST \"\" INBOX RETURN (STATUS (RECENT))")).startsWith("BAD");
        assertThat(untagged(c, "STATUS INBOX (MESSAGES)")).containsExactly("* STATUS \"INBOX\" (MESSAGES 2)");
    }

    @Test
    void listShowsChildrenAndNonExistentSubscriptions() throws Exception {
        enable();
        c.ok("CREATE Work/Projects");
        c.ok("SUBSCRIBE Gone");
        assertThat(untagged(c, "LIST \"\" Work*")).containsExactly(
                "* LIST (\\HasChildren) \"/\" \"Work\"", "* LIST (\\HasNoChildren) \"/\" \"Work/Projects\"");
        assertThat(untagged(c, "LIST (SUBSCRIBED) \"\" Gone")).containsExactly("* LIST (\\NonExistent \\Subscribed) \"/\" \"Gone\"");
    }

    @Test
    void mailboxNamesAreUtf8() throws Exception {
        enable();
        assertThat(tagged(c, "CREATE \"Café/Thé\"")).isEqualTo("OK CREATE completed");
        assertThat(server.store().mailbox(ALICE, "Café/Thé")).isPresent();
        assertThat(untagged(c, "LIST \"\" Caf*")).containsExactly(
                "* LIST (\\HasChildren) \"/\" \"Café\"", "* LIST (\\HasNoChildren) \"/\" \"Café/Thé\"");
        assertThat(untagged(c, "STATUS \"Café/Thé\" (MESSAGES)")).containsExactly("* STATUS \"Café/Thé\" (MESSAGES 0)");
        assertThat(untagged(c, "SELECT \"Café/Thé\"")).contains("* LIST (\\HasNoChildren) \"/\" \"Café/Thé\"");
        // "&" is a character like any other in UTF-8 names.
        assertThat(tagged(c, "CREATE \"R&D\"")).isEqualTo("OK CREATE completed");
        assertThat(server.store().mailbox(ALICE, "R&D")).isPresent();
        // A rev1 session sees the same mailboxes in modified UTF-7.
        try (ImapClient rev1 = server.login(ALICE)) {
            assertThat(untagged(rev1, "LIST \"\" Caf*")).containsExactly(
                    "* LIST (\\HasChildren) \"/\" \"Caf&AOk-\"", "* LIST (\\HasNoChildren) \"/\" \"Caf&AOk-/Th&AOk-\"");
            assertThat(untagged(rev1, "LIST \"\" R*")).containsExactly("* LIST (\\HasNoChildren) \"/\" \"R&-D\"");
        }
    }

    @Test
    void aRev1SessionSeesNoChange() throws Exception {
        List<String> select = untagged(c, "SELECT INBOX");
        assertThat(select).contains("* 2 RECENT", "* OK [UNSEEN 1] first unseen");
        assertThat(select).noneMatch(l -> l.startsWith("* LIST"));
        assertThat(untagged(c, "SEARCH ALL")).containsExactly("* SEARCH 1 2");
        assertThat(untagged(c, "FETCH 1 (FLAGS)")).containsExactly("* 1 FETCH (FLAGS (\\Recent))");
        // RFC 5161 3.1: too late once a mailbox is selected.
        assertThat(tagged(c, "ENABLE IMAP4rev2")).startsWith("BAD");
        assertThat(untagged(c, "FETCH 1 (FLAGS)")).containsExactly("* 1 FETCH (FLAGS (\\Recent))");
    }
}
