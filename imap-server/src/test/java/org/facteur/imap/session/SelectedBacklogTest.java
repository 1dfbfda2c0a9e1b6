package org.facteur.imap.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.Stall;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The selected mailbox's changes waiting for a client that does not read, over a real TLS socket:
 * a few are told once it reads again; past the bound the session ends with BYE instead of holding
 * them all.
 */
class SelectedBacklogTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    MailboxId inbox;

    @BeforeEach
    void start() {
        server.deliver(ALICE, "Subject: small\r\n\r\nbody\r\n");
        inbox = server.mailbox(ALICE, "INBOX");
    }

    @Test
    void changesUnderTheBoundAreToldOnceTheClientReads() throws Exception {
        try (ImapClient a = Stall.inALargeFetch(server, ALICE)) {
            flagOneMessage(3);
            List<String> lines = a.readUntilTagged(Stall.TAG);
            assertThat(lines).anyMatch(l -> l.startsWith("* 2 FETCH (BODY[] {"));
            // Each change as it came (none are merged), after the FETCH the client waited for.
            assertThat(lines.subList(1, lines.size())).containsExactly(
                    "* 1 FETCH (FLAGS (\\Flagged \\Recent) UID 1)", "* 1 FETCH (FLAGS (\\Recent) UID 1)",
                    "* 1 FETCH (FLAGS (\\Flagged \\Recent) UID 1)", Stall.TAG + " OK FETCH completed");
        }
    }

    @Test
    void pastTheBoundTheSessionEndsWithBye() throws Exception {
        try (ImapClient a = Stall.inALargeFetch(server, ALICE)) {
            flagOneMessage(SelectedMailbox.MAX_EVENTS + 1);
            List<String> lines = new ArrayList<>();
            for (String line = a.readLine(); line != null; line = a.readLine()) {
                lines.add(line);
            }
            assertThat(lines).anyMatch(l -> l.startsWith("* 2 FETCH (BODY[] {"));
            assertThat(lines).contains(
                    "* BYE too many changes to the selected mailbox waited while this client was not reading");
            assertThat(lines).noneMatch(l -> l.startsWith("* 1 FETCH"));
        }
        // Nothing else suffered: a new session sees the last state.
        try (ImapClient b = server.login(ALICE)) {
            b.ok("SELECT INBOX");
            assertThat(b.ok("FETCH 1 FLAGS").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Flagged))");
        }
    }

    /** {@code changes} flag changes of message 1 by another party, ending with it flagged. */
    private void flagOneMessage(int changes) {
        for (int i = changes - 1; i >= 0; i--) {
            server.store().setFlags(inbox, UidSet.of(1), i % 2 == 0 ? FlagUpdate.ADD : FlagUpdate.REMOVE,
                    Flags.of(SystemFlag.FLAGGED));
        }
    }
}
