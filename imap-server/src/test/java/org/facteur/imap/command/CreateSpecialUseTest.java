package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.Replies.tagged;
import static org.facteur.imap.support.Replies.untagged;
import static org.facteur.imap.support.TestServer.ALICE;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.SpecialUse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CREATE with USE (RFC 6154 3, CREATE-SPECIAL-USE) over a socket, and LIST showing the use after a restart. */
class CreateSpecialUseTest {

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
    void theUseIsKeptAndListed() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" CREATE-SPECIAL-USE");
        assertThat(tagged(c, "CREATE Outbox (USE (\\Sent))")).isEqualTo("OK CREATE completed");
        assertThat(tagged(c, "CREATE Old/Mail (use (\\archive))")).isEqualTo("OK CREATE completed");
        assertThat(untagged(c, "LIST \"\" Outbox")).containsExactly("* LIST (\\HasNoChildren \\Sent) \"/\" \"Outbox\"");
        // The parent made on the way has no use of its own.
        assertThat(untagged(c, "LIST \"\" Old*")).containsExactly(
                "* LIST (\\HasChildren) \"/\" \"Old\"",
                "* LIST (\\HasNoChildren \\Archive) \"/\" \"Old/Mail\"");
        assertThat(untagged(c, "LIST (SPECIAL-USE) \"\" *")).contains(
                "* LIST (\\HasNoChildren \\Sent) \"/\" \"Outbox\"",
                "* LIST (\\HasNoChildren \\Archive) \"/\" \"Old/Mail\"");
        // USE () asks for nothing special.
        assertThat(tagged(c, "CREATE Plain (USE ())")).isEqualTo("OK CREATE completed");
        assertThat(untagged(c, "LIST \"\" Plain")).containsExactly("* LIST (\\HasNoChildren) \"/\" \"Plain\"");

        c.close();
        server.restart();
        c = server.login(ALICE);
        assertThat(server.store().mailbox(ALICE, "Outbox").orElseThrow().specialUse()).contains(SpecialUse.SENT);
        assertThat(untagged(c, "LIST \"\" Outbox")).containsExactly("* LIST (\\HasNoChildren \\Sent) \"/\" \"Outbox\"");
    }

    @Test
    void aUseTheStoreCannotKeepIsUseattrAndNothingIsCreated() throws Exception {
        assertThat(tagged(c, "CREATE Everything (USE (\\All))")).startsWith("NO [USEATTR]");
        assertThat(tagged(c, "CREATE Starred (USE (\\Flagged))")).startsWith("NO [USEATTR]");
        assertThat(tagged(c, "CREATE Odd (USE (\\Important))")).startsWith("NO [USEATTR]");
        assertThat(tagged(c, "CREATE Both (USE (\\Sent \\Trash))")).startsWith("NO [USEATTR]");
        for (String name : new String[] {"Everything", "Starred", "Odd", "Both"}) {
            assertThat(server.store().mailbox(ALICE, name)).as(name).isEmpty();
        }
    }

    @Test
    void malformedParametersAreBad() throws Exception {
        for (String parameters : new String[] {"()", "(USE)", "(USE \\Sent)", "(USE (Sent))", "(COLOR (red))",
                "USE", "(USE (\\Sent) USE)"}) {
            assertThat(tagged(c, "CREATE X " + parameters)).as(parameters).startsWith("BAD");
        }
        assertThat(server.store().mailbox(ALICE, "X")).isEmpty();
    }

    @Test
    void anExistingNameIsStillAlreadyExists() throws Exception {
        assertThat(tagged(c, "CREATE Sent (USE (\\Sent))")).startsWith("NO [ALREADYEXISTS]");
    }
}
