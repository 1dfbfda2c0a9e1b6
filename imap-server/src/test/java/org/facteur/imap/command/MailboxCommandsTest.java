package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CREATE, DELETE, RENAME, SUBSCRIBE, LIST/LSUB with their extensions, STATUS, NAMESPACE, ID, ENABLE. */
class MailboxCommandsTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    @Test
    void createMakesParentsAndListShowsTheHierarchy() throws Exception {
        c.ok("CREATE Work/Projects/2026/");
        assertThat(c.ok("LIST \"\" Work*")).containsExactly(
                "* LIST (\\HasChildren) \"/\" \"Work\"",
                "* LIST (\\HasChildren) \"/\" \"Work/Projects\"",
                "* LIST (\\HasNoChildren) \"/\" \"Work/Projects/2026\"",
                "a3 OK LIST completed");
        assertThat(c.ok("LIST Work/ %")).containsExactly(
                "* LIST (\\HasChildren) \"/\" \"Work/Projects\"", "a4 OK LIST completed");
        assertThat(c.ok("LIST \"\" \"\"")).containsExactly("* LIST (\\Noselect) \"/\" \"\"", "a5 OK LIST completed");
        assertThat(c.status("CREATE Work")).startsWith("a6 NO [ALREADYEXISTS]");
        assertThat(c.status("CREATE inbox")).startsWith("a7 NO [ALREADYEXISTS]");
    }

    @Test
    void listMatchesInboxCaseInsensitivelyAndShowsSpecialUse() throws Exception {
        assertThat(c.ok("LIST \"\" inbox")).containsExactly("* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "a2 OK LIST completed");
        assertThat(c.ok("LIST (SPECIAL-USE) \"\" *")).containsExactly(
                "* LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"",
                "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"",
                "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"",
                "a3 OK LIST completed");
    }

    @Test
    void listWithSeveralPatternsAndReturnStatus() throws Exception {
        server.deliver(ALICE, "Subject: a\r\n\r\nx\r\n");
        assertThat(c.ok("LIST \"\" (INBOX Sent) RETURN (STATUS (MESSAGES UNSEEN SIZE))")).containsExactly(
                "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* STATUS \"INBOX\" (MESSAGES 1 UNSEEN 1 SIZE 17)",
                "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                "* STATUS \"Sent\" (MESSAGES 0 UNSEEN 0 SIZE 0)",
                "a2 OK LIST completed");
    }

    @Test
    void subscriptionsWithLsubAndListExtended() throws Exception {
        c.ok("CREATE Lists/java");
        c.ok("SUBSCRIBE Lists/java");
        c.ok("SUBSCRIBE Gone");
        // createAccount subscribes the default folders; the patterns leave them out.
        assertThat(c.ok("LSUB \"\" *")).contains(
                "* LSUB (\\Noselect) \"/\" \"Gone\"", "* LSUB () \"/\" \"Lists/java\"", "* LSUB () \"/\" \"INBOX\"");
        assertThat(c.ok("LIST (SUBSCRIBED) \"\" (G* L*)")).containsExactly(
                "* LIST (\\NonExistent \\Subscribed) \"/\" \"Gone\"",
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Lists/java\"", "a6 OK LIST completed");
        assertThat(c.ok("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (G% L%)")).containsExactly(
                "* LIST (\\NonExistent \\Subscribed) \"/\" \"Gone\"",
                "* LIST (\\HasChildren) \"/\" \"Lists\" (\"CHILDINFO\" (\"SUBSCRIBED\"))", "a7 OK LIST completed");
        assertThat(c.ok("LIST \"\" Lists/% RETURN (SUBSCRIBED CHILDREN)")).containsExactly(
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Lists/java\"", "a8 OK LIST completed");
        c.ok("UNSUBSCRIBE Gone");
        assertThat(c.ok("LSUB \"\" L*")).containsExactly("* LSUB () \"/\" \"Lists/java\"", "a10 OK LSUB completed");
        assertThat(c.ok("LSUB \"\" G*")).containsExactly("a11 OK LSUB completed");
        assertThat(c.status("LIST (RECURSIVEMATCH) \"\" *")).startsWith("a12 BAD");
        assertThat(c.status("LIST (BOGUS) \"\" *")).startsWith("a13 BAD");
    }

    @Test
    void renameKeepsChildrenAndRenamingInboxEmptiesIt() throws Exception {
        c.ok("CREATE A/B");
        c.ok("RENAME A Z");
        assertThat(c.ok("LIST \"\" Z*")).containsExactly("* LIST (\\HasChildren) \"/\" \"Z\"",
                "* LIST (\\HasNoChildren) \"/\" \"Z/B\"", "a4 OK LIST completed");
        assertThat(c.status("RENAME Nope Y")).startsWith("a5 NO [NONEXISTENT]");
        assertThat(c.status("RENAME Z Sent")).startsWith("a6 NO [ALREADYEXISTS]");
        server.deliver(ALICE, "Subject: a\r\n\r\nx\r\n");
        c.ok("RENAME INBOX Old");
        assertThat(c.ok("STATUS Old (MESSAGES)")).contains("* STATUS \"Old\" (MESSAGES 1)");
        assertThat(c.ok("STATUS INBOX (MESSAGES)")).contains("* STATUS \"INBOX\" (MESSAGES 0)");
    }

    @Test
    void deleteRefusesInboxAndParentsAndForgetsTheMailbox() throws Exception {
        c.ok("CREATE P/C");
        assertThat(c.status("DELETE INBOX")).startsWith("a3 NO [CANNOT]");
        c.ok("APPEND P {12+}\r\nSubject: p\r\n");
        // RFC 9051 6.3.4: a server that cannot keep the name as \Noselect refuses, whole.
        assertThat(c.status("DELETE P")).isEqualTo("a5 NO [HASCHILDREN] delete the mailbox's children first");
        assertThat(c.ok("STATUS P (MESSAGES)")).contains("* STATUS \"P\" (MESSAGES 1)");
        assertThat(c.ok("LIST \"\" P*")).containsExactly("* LIST (\\HasChildren) \"/\" \"P\"",
                "* LIST (\\HasNoChildren) \"/\" \"P/C\"", "a7 OK LIST completed");
        c.ok("DELETE P/C");
        c.ok("DELETE P");
        assertThat(c.ok("LIST \"\" P*")).containsExactly("a10 OK LIST completed");
        assertThat(c.status("DELETE P")).startsWith("a11 NO [NONEXISTENT]");
    }

    @Test
    void modifiedUtf7NamesRoundTripAndMalformedOnesNeverExist() throws Exception {
        c.ok("CREATE \"&AOk-t&AOk-\"");
        assertThat(server.store().mailbox(ALICE, "été")).isPresent();
        assertThat(c.ok("LIST \"\" \"&AOk-*\"")).containsExactly("* LIST (\\HasNoChildren) \"/\" \"&AOk-t&AOk-\"",
                "a3 OK LIST completed");
        assertThat(c.status("CREATE \"&Jjo\"")).startsWith("a4 BAD mailbox name not modified UTF-7");
        // A name that cannot exist names no mailbox (as Dovecot answers); only creating one is BAD.
        assertThat(c.status("SELECT &AB")).startsWith("a5 NO [NONEXISTENT]");
        assertThat(c.status("NOOP")).isEqualTo("a6 OK NOOP completed");
    }

    @Test
    void statusItems() throws Exception {
        server.deliver(ALICE, "Subject: a\r\n\r\nx\r\n");
        server.deliver(ALICE, "Subject: b\r\n\r\nyy\r\n");
        List<String> status = c.ok("STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN SIZE)");
        long validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
        assertThat(status).containsExactly("* STATUS \"INBOX\" (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY " + validity
                + " UNSEEN 2 SIZE 35)", "a2 OK STATUS completed");
        assertThat(c.status("STATUS INBOX (BOGUS)")).startsWith("a3 BAD");
        assertThat(c.status("STATUS Nope (MESSAGES)")).startsWith("a4 NO [NONEXISTENT]");
    }

    @Test
    void namespaceIdEnable() throws Exception {
        assertThat(c.ok("NAMESPACE")).containsExactly("* NAMESPACE ((\"\" \"/\")) NIL NIL", "a2 OK NAMESPACE completed");
        assertThat(c.ok("ID (\"name\" \"test\")")).containsExactly("* ID (\"name\" \"facteur\" \"vendor\" \"facteur\")",
                "a3 OK ID completed");
        assertThat(c.ok("ID NIL")).hasSize(2);
        assertThat(c.ok("ENABLE CONDSTORE UTF8=ACCEPT")).containsExactly("* ENABLED CONDSTORE", "a5 OK ENABLE completed");
        assertThat(c.status("BOGUS")).isEqualTo("a6 BAD unknown command BOGUS");
    }
}
