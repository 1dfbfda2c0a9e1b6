package org.facteur.imap.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

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
 * RFC 5465 NOTIFY over real sockets: one session changes the user's mailboxes, the other is told
 * between its commands, without polling.
 */
class NotifyTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();

    @BeforeEach
    void start() {
        for (int i = 1; i <= 3; i++) {
            server.deliver(ALICE, "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
    }

    @Test
    void theCapabilityIsAdvertised() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            assertThat(a.ok("CAPABILITY").get(0)).contains(" NOTIFY");
        }
    }

    @Test
    void aNewMessageInAnotherMailboxIsToldByStatusWithoutACommand() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            a.ok("NOTIFY SET (personal (MessageNew MessageExpunge))");
            server.deliver(ALICE, "Subject: new\r\n\r\nx\r\n");
            assertThat(a.readLine()).matches("\\* STATUS \"INBOX\" \\(MESSAGES 4 UIDNEXT 5 UIDVALIDITY \\d+ UNSEEN 4\\)");
        }
    }

    @Test
    void anExpungeInAnotherMailboxIsToldButAFlagChangeIsNotUnlessAsked() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("NOTIFY SET (personal (MessageNew MessageExpunge))");
            b.ok("SELECT INBOX");
            b.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            b.ok("EXPUNGE");
            // The flag change came first, but only the expunge is asked for.
            assertThat(a.readLine()).matches("\\* STATUS \"INBOX\" \\(MESSAGES 2 UIDNEXT 4 UIDVALIDITY \\d+ UNSEEN 2\\)");
            assertThat(a.ok("NOOP")).hasSize(1);
        }
    }

    @Test
    void aFlagChangeIsToldWithHighestModSeq() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge FlagChange))");
            b.ok("SELECT INBOX");
            b.ok("STORE 2 +FLAGS.SILENT (\\Seen)");
            assertThat(a.readLine())
                    .matches("\\* STATUS \"INBOX\" \\(MESSAGES 3 UIDNEXT 4 UIDVALIDITY \\d+ UNSEEN 2 HIGHESTMODSEQ \\d+\\)");
        }
    }

    @Test
    void onlyTheMailboxesOfTheFilterAreTold() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("NOTIFY SET (mailboxes Sent (MessageNew MessageExpunge))");
            server.deliver(ALICE, "Subject: not told\r\n\r\nx\r\n");
            b.ok("SELECT INBOX");
            b.ok("COPY 1 Sent");
            assertThat(a.readLine()).matches("\\* STATUS \"Sent\" \\(MESSAGES 1 UIDNEXT 2 UIDVALIDITY \\d+ UNSEEN 1\\)");
            assertThat(a.ok("NOOP")).hasSize(1);
        }
    }

    @Test
    void theStatusIndicatorTellsTheCurrentStateBeforeTheTaggedOk() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            List<String> lines = a.ok("NOTIFY SET STATUS (subtree INBOX (MessageNew MessageExpunge)) (personal NONE)");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).matches("\\* STATUS \"INBOX\" \\(MESSAGES 3 UIDNEXT 4 UIDVALIDITY \\d+ UNSEEN 3\\)");
        }
    }

    @Test
    void nothingIsPushedWhileACommandsLiteralIsOnItsWay() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("SELECT INBOX");
            a.ok("NOTIFY SET (selected (MessageNew MessageExpunge FlagChange))");
            a.send("s1 UID SEARCH SUBJECT {4}");
            assertThat(a.readLine()).startsWith("+ ");
            b.ok("SELECT INBOX");
            b.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            b.ok("EXPUNGE");
            Thread.sleep(300); // time for a push, were one allowed
            a.send("none");
            // RFC 5465 5: the command was in progress since its first line, so its answer comes
            // first, and the changes after it.
            List<String> lines = a.readUntilTagged("s1");
            assertThat(lines.get(0)).startsWith("* SEARCH");
            assertThat(lines).contains("* 1 EXPUNGE");
        }
    }

    @Test
    void theSelectedMailboxIsNotToldByStatusButByItsOwnUpdatesPushedBetweenCommands() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("SELECT INBOX");
            a.ok("NOTIFY SET STATUS (selected (MessageNew MessageExpunge FlagChange)) "
                    + "(personal (MessageNew MessageExpunge))");
            server.deliver(ALICE, "Subject: pushed\r\n\r\nx\r\n");
            assertThat(a.readLine()).isEqualTo("* 4 EXISTS");
            assertThat(a.readLine()).isEqualTo("* 4 RECENT"); // this session claimed them all at SELECT
            b.ok("SELECT INBOX");
            b.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(a.readLine()).isEqualTo("* 1 FETCH (FLAGS (\\Deleted \\Recent) UID 1)");
            b.ok("EXPUNGE");
            // RFC 5465 6.1: under "selected" EXPUNGE does not wait for a command.
            assertThat(a.readLine()).isEqualTo("* 1 EXPUNGE");
        }
    }

    @Test
    void messageNewFetchAttributesComeWithTheNewMessage() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            a.ok("SELECT INBOX");
            a.ok("NOTIFY SET (selected (MessageNew (UID BODY.PEEK[HEADER.FIELDS (Subject)]) MessageExpunge))");
            server.deliver(ALICE, "Subject: hello\r\nFrom: x@example.org\r\n\r\nbody\r\n");
            assertThat(a.readLine()).isEqualTo("* 4 EXISTS");
            assertThat(a.readLine()).isEqualTo("* 4 RECENT");
            String fetch = a.readLine();
            assertThat(fetch).startsWith("* 4 FETCH (UID 4 BODY[HEADER.FIELDS (").contains("Subject: hello")
                    .doesNotContain("From:");
            // PEEK: the notification did not mark the message \Seen.
            assertThat(a.ok("FETCH 4 (FLAGS)").get(0)).doesNotContain("\\Seen");
        }
    }

    @Test
    void selectedDelayedHoldsExpungesUntilACommandAllowsThem() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("SELECT INBOX");
            a.ok("NOTIFY SET (selected-delayed (MessageNew MessageExpunge FlagChange))");
            b.ok("SELECT INBOX");
            b.ok("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(a.readLine()).isEqualTo("* 1 FETCH (FLAGS (\\Deleted \\Recent) UID 1)");
            b.ok("EXPUNGE");
            server.deliver(ALICE, "Subject: pushed\r\n\r\nx\r\n");
            assertThat(a.readLine()).isEqualTo("* 4 EXISTS");
            assertThat(a.readLine()).isEqualTo("* 4 RECENT");
            List<String> fetch = a.command("FETCH 2 (UID)");
            assertThat(fetch.get(0)).isEqualTo("* 2 FETCH (UID 2)"); // no EXPUNGE yet: numbers did not shift
            assertThat(fetch).noneMatch(l -> l.endsWith("EXPUNGE"));
            assertThat(a.ok("NOOP")).containsSubsequence("* 1 EXPUNGE");
        }
    }

    @Test
    void mailboxNamesAreToldByList() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("NOTIFY SET (personal (MailboxName))");
            b.ok("CREATE Projects");
            assertThat(a.readLine()).isEqualTo("* LIST () \"/\" \"Projects\"");
            b.ok("RENAME Projects Ideas");
            assertThat(a.readLine()).isEqualTo("* LIST () \"/\" \"Ideas\" (\"OLDNAME\" (\"Projects\"))");
            b.ok("DELETE Ideas");
            assertThat(a.readLine()).isEqualTo("* LIST (\\NonExistent) \"/\" \"Ideas\"");
        }
    }

    @Test
    void subscriptionChangesAreToldByList() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("NOTIFY SET (personal (SubscriptionChange))");
            b.ok("CREATE Work");
            b.ok("SUBSCRIBE Work");
            assertThat(a.readLine()).isEqualTo("* LIST (\\Subscribed) \"/\" \"Work\"");
            b.ok("UNSUBSCRIBE Work");
            assertThat(a.readLine()).isEqualTo("* LIST () \"/\" \"Work\"");
        }
    }

    @Test
    void unsupportedEventsGetBadEventAndLeaveTheOldSetting() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            a.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge))");
            assertThat(a.status("NOTIFY SET (personal (MessageNew MessageExpunge AnnotationChange))")).endsWith(
                    " NO [BADEVENT (MessageNew MessageExpunge FlagChange MailboxName SubscriptionChange)]"
                            + " not supported: AnnotationChange");
            assertThat(a.status("NOTIFY SET (personal (ServerMetadataChange MailboxMetadataChange))"))
                    .contains(" NO [BADEVENT (");
            server.deliver(ALICE, "Subject: new\r\n\r\nx\r\n");
            assertThat(a.readLine()).startsWith("* STATUS \"INBOX\" (MESSAGES 4 ");
        }
    }

    @Test
    void malformedNotifyCommandsAreBad() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            for (String bad : List.of("NOTIFY", "NOTIFY SET", "NOTIFY SET STATUS", "NOTIFY GET",
                    "NOTIFY NONE extra", "NOTIFY SET personal", "NOTIFY SET (personal (Bogus))",
                    "NOTIFY SET (personal ())", "NOTIFY SET (everything (MessageNew))",
                    "NOTIFY SET (mailboxes (MessageNew))", "NOTIFY SET (subtree () (MessageNew))",
                    "NOTIFY SET (selected (MessageNew))", "NOTIFY SET (selected (FlagChange))",
                    "NOTIFY SET (selected NONE) (selected-delayed NONE)",
                    "NOTIFY SET (personal (MessageNew (UID) MessageExpunge))",
                    "NOTIFY SET (selected (MessageNew (BODY[]) MessageExpunge))",
                    "NOTIFY SET (selected (MessageNew () MessageExpunge))")) {
                assertThat(a.status(bad)).as(bad).matches("a\\d+ BAD .*");
            }
        }
        try (ImapClient fresh = ImapClient.plain(server.imapPort())) {
            fresh.readLine();
            assertThat(fresh.status("NOTIFY NONE")).startsWith("a1 BAD");
        }
    }

    @Test
    void notifyNoneStopsTheNotifications() throws Exception {
        try (ImapClient a = server.login(ALICE)) {
            a.ok("NOTIFY SET (personal (MessageNew MessageExpunge MailboxName))");
            a.ok("NOTIFY NONE");
            server.deliver(ALICE, "Subject: new\r\n\r\nx\r\n");
            server.store().createMailbox(ALICE, "Quiet", java.util.Optional.empty());
            assertThat(a.ok("NOOP")).hasSize(1);
        }
    }

    /**
     * A client that does not read makes its session wait on the socket while events keep coming:
     * past the bound they are dropped, the client hears NOTIFICATIONOVERFLOW when it reads again,
     * and NOTIFY is off from there.
     */
    @Test
    void aClientThatDoesNotReadOverflowsInsteadOfGrowingTheHeap() throws Exception {
        MailboxId sent = server.mailbox(ALICE, "Sent");
        server.store().append(sent, new java.io.ByteArrayInputStream("Subject: s\r\n\r\nx\r\n".getBytes()),
                Flags.NONE, java.time.Instant.now());
        try (ImapClient a = Stall.inALargeFetch(server, ALICE,
                "NOTIFY SET (personal (MessageNew MessageExpunge FlagChange))")) {
            for (int i = 0; i <= Notifier.DEFAULT_LIMIT; i++) {
                server.store().setFlags(sent, UidSet.of(1), i % 2 == 0 ? FlagUpdate.ADD : FlagUpdate.REMOVE,
                        Flags.of(SystemFlag.FLAGGED));
            }
            assertOverflowed(a, "* STATUS");
            server.store().setFlags(sent, UidSet.of(1), FlagUpdate.ADD, Flags.of(SystemFlag.SEEN));
            assertThat(a.ok("NOOP")).hasSize(1);
        }
    }

    /**
     * Few events can hold much: 100 subscriptions of 8,000-character names (about 1.6 MB of
     * queued names, far fewer than 10,000 events) pass the byte bound first.
     */
    @Test
    void longNamesOverflowOnTheirBytesBeforeTheCountIsReached() throws Exception {
        try (ImapClient a = Stall.inALargeFetch(server, ALICE, "NOTIFY SET (personal (SubscriptionChange))")) {
            String longName = "x".repeat(8_000);
            for (int i = 0; i < 100; i++) {
                server.store().subscribe(ALICE, "n" + i + longName);
            }
            assertOverflowed(a, "* LIST");
            server.store().unsubscribe(ALICE, "n0" + longName);
            assertThat(a.ok("NOOP")).hasSize(1);
        }
    }

    /** The stuck FETCH ends, followed by NOTIFICATIONOVERFLOW and none of the dropped responses. */
    private static void assertOverflowed(ImapClient a, String droppedPrefix) throws Exception {
        List<String> lines = a.readUntilTagged(Stall.TAG);
        assertThat(lines).anyMatch(l -> l.startsWith("* 4 FETCH (BODY[] {"));
        assertThat(lines).contains("* OK [NOTIFICATIONOVERFLOW] too many notifications waiting; NOTIFY is off");
        assertThat(lines).noneMatch(l -> l.startsWith(droppedPrefix));
    }
}
