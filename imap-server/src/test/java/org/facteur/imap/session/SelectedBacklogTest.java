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
 * like changes in a row fold into one and are told once it reads again; past the bound the
 * session ends with BYE instead of holding them all.
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
    void changesWaitingFoldIntoWhatTheClientIsOwedOnceItReads() throws Exception {
        try (ImapClient a = Stall.inALargeFetch(server, ALICE)) {
            flagOneMessage(3);
            server.deliver(ALICE, "Subject: n1\r\n\r\nx\r\n");
            server.deliver(ALICE, "Subject: n2\r\n\r\nx\r\n");
            flagOneMessage(SelectedMailbox.MAX_EVENTS * 2); // folded: far past the bound, never over it
            List<String> lines = a.readUntilTagged(Stall.TAG);
            assertThat(lines).anyMatch(l -> l.startsWith("* 2 FETCH (BODY[] {"));
            // Each message's newest flags once; arrivals as one EXISTS, in the order they came.
            assertThat(lines.subList(1, lines.size())).containsExactly(
                    "* 1 FETCH (FLAGS (\\Flagged \\Recent) UID 1)", "* 4 EXISTS", "* 4 RECENT",
                    "* 1 FETCH (FLAGS (\\Flagged \\Recent) UID 1)", Stall.TAG + " OK FETCH completed");
        }
    }

    @Test
    void pastTheBoundTheSessionEndsWithBye() throws Exception {
        try (ImapClient a = Stall.inALargeFetch(server, ALICE)) {
            // Arrivals and flag changes taking turns: nothing folds.
            for (int i = 0; i <= SelectedMailbox.MAX_EVENTS / 2; i++) {
                server.deliver(ALICE, "Subject: n" + i + "\r\n\r\nx\r\n");
                server.store().setFlags(inbox, UidSet.of(1), i % 2 == 0 ? FlagUpdate.ADD : FlagUpdate.REMOVE,
                        Flags.of(SystemFlag.FLAGGED));
            }
            List<String> lines = new ArrayList<>();
            for (String line = a.readLine(); line != null; line = a.readLine()) {
                lines.add(line);
            }
            assertThat(lines).anyMatch(l -> l.startsWith("* 2 FETCH (BODY[] {"));
            assertThat(lines).contains(
                    "* BYE too many changes to the selected mailbox waited while this client was not reading");
            assertThat(lines).noneMatch(l -> l.startsWith("* 1 FETCH") || l.endsWith(" EXISTS"));
        }
        // Nothing else suffered: a new session sees the last state.
        try (ImapClient b = server.login(ALICE)) {
            b.ok("SELECT INBOX");
            assertThat(b.ok("FETCH 1 FLAGS").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Flagged))");
            assertThat(b.ok("STATUS INBOX (MESSAGES)").get(0)).isEqualTo("* STATUS \"INBOX\" (MESSAGES 5003)");
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
