package org.facteur.imap.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.nio.file.Path;
import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * QRESYNC (RFC 7162 3.2) over a real socket, across sessions and restarts of the store: ENABLE,
 * SELECT (QRESYNC ...), UID FETCH (VANISHED), VANISHED instead of EXPUNGE, CLOSED.
 */
class QresyncTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    long validity;

    @BeforeEach
    void start() {
        for (int i = 1; i <= 5; i++) {
            server.deliver(ALICE, "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n");
        }
        validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
    }

    MailboxId inbox() {
        return server.mailbox(ALICE, "INBOX");
    }

    long highest() {
        return server.store().status(inbox()).highestModSeq();
    }

    long modSeq(long uid) {
        return server.store().messages(inbox()).stream().filter(m -> m.uid() == uid).findFirst()
                .map(MessageRecord::modSeq).orElseThrow();
    }

    /** Another client deletes UIDs 2 and 4 and flags UID 5, then leaves. */
    void changesElsewhere() throws Exception {
        try (ImapClient other = server.login(ALICE)) {
            other.ok("SELECT INBOX");
            other.ok("UID STORE 2,4 +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE 2,4");
            other.ok("UID STORE 5 +FLAGS.SILENT (\\Flagged)");
        }
    }

    ImapClient qresyncClient() throws Exception {
        ImapClient c = server.login(ALICE);
        assertThat(c.ok("ENABLE QRESYNC")).startsWith("* ENABLED QRESYNC");
        return c;
    }

    @Test
    void qresyncNeedsEnable() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            assertThat(c.status("SELECT INBOX (QRESYNC (" + validity + " 1))")).startsWith("a2 BAD");
            assertThat(c.ok("ENABLE QRESYNC CONDSTORE X-UNKNOWN")).startsWith("* ENABLED QRESYNC CONDSTORE");
            assertThat(c.status("SELECT INBOX (QRESYNC (" + validity + "))")).startsWith("a4 BAD");
            assertThat(c.status("SELECT INBOX (QRESYNC (0 1))")).startsWith("a5 BAD");
            assertThat(c.status("SELECT INBOX (QRESYNC (" + validity + " 1 1:3 (1)))")).startsWith("a6 BAD");
            // A bad parameter leaves no mailbox selected.
            assertThat(c.status("NOOP")).startsWith("a7 OK");
            assertThat(c.status("FETCH 1 FLAGS")).startsWith("a8 BAD");
        }
    }

    @Test
    void selectResyncsVanishedAndChangedMessages() throws Exception {
        long known = highest();
        changesElsewhere();
        try (ImapClient c = qresyncClient()) {
            List<String> lines = c.ok("SELECT INBOX (QRESYNC (" + validity + " " + known + "))");
            assertThat(lines).contains("* 3 EXISTS", "* OK [HIGHESTMODSEQ " + highest() + "] highest mod-sequence",
                    "* VANISHED (EARLIER) 2,4",
                    "* 3 FETCH (FLAGS (\\Flagged) UID 5 MODSEQ (" + modSeq(5) + "))");
            assertThat(lines.indexOf("* VANISHED (EARLIER) 2,4"))
                    .isLessThan(lines.indexOf("* 3 FETCH (FLAGS (\\Flagged) UID 5 MODSEQ (" + modSeq(5) + "))"));
            assertThat(lines).noneMatch(l -> l.contains("UID 1 ") || l.contains("UID 3 "));
            // Known UIDs narrow the report (RFC 7162 3.2.5.1); another UIDVALIDITY gives none.
            assertThat(c.ok("EXAMINE INBOX (QRESYNC (" + validity + " " + known + " 3:5))"))
                    .contains("* OK [CLOSED] previous mailbox closed", "* VANISHED (EARLIER) 4");
            assertThat(c.ok("EXAMINE INBOX (QRESYNC (" + (validity + 1) + " " + known + "))"))
                    .noneMatch(l -> l.startsWith("* VANISHED") || l.contains("FETCH"));
        }
    }

    @Test
    void uidFetchVanishedReportsExpungesBeforeTheFetches() throws Exception {
        long known = highest();
        changesElsewhere();
        try (ImapClient c = qresyncClient()) {
            c.ok("SELECT INBOX");
            assertThat(c.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known + " VANISHED)")).containsExactly(
                    "* VANISHED (EARLIER) 2,4",
                    "* 3 FETCH (UID 5 FLAGS (\\Flagged) MODSEQ (" + modSeq(5) + "))",
                    "a4 OK FETCH completed");
            assertThat(c.ok("UID FETCH 3:4 (FLAGS) (CHANGEDSINCE " + known + " VANISHED)"))
                    .containsExactly("* VANISHED (EARLIER) 4", "a5 OK FETCH completed");
            assertThat(c.status("UID FETCH 1:* (FLAGS) (VANISHED)")).startsWith("a6 BAD");
        }
    }

    @Test
    void expungesAreReportedAsVanished() throws Exception {
        try (ImapClient c = qresyncClient(); ImapClient other = server.login(ALICE)) {
            c.ok("SELECT INBOX");
            c.ok("STORE 1,2 +FLAGS.SILENT (\\Deleted)");
            List<String> lines = c.ok("EXPUNGE");
            assertThat(lines).containsExactly("* VANISHED 1:2", "a5 OK [HIGHESTMODSEQ " + highest() + "] EXPUNGE completed");
            other.ok("SELECT INBOX");
            other.ok("UID STORE 5 +FLAGS.SILENT (\\Deleted)");
            other.ok("UID EXPUNGE 5");
            assertThat(c.ok("NOOP")).containsExactly("* 3 FETCH (FLAGS (\\Deleted \\Recent) UID 5 MODSEQ (" + (highest() - 1) + "))",
                    "* VANISHED 5", "a6 OK NOOP completed");
            // A client without QRESYNC still gets EXPUNGE.
            other.ok("UID STORE 3 +FLAGS.SILENT (\\Deleted)");
            assertThat(other.ok("UID EXPUNGE 3")).contains("* 1 EXPUNGE");
        }
    }

    @Test
    void expungesAreRememberedAcrossARestart() throws Exception {
        long known = highest();
        changesElsewhere();
        server.restart();
        try (ImapClient c = qresyncClient()) {
            assertThat(c.ok("SELECT INBOX (QRESYNC (" + validity + " " + known + " 1:5))"))
                    .contains("* VANISHED (EARLIER) 2,4");
        }
    }

    @Test
    void aRebuiltIndexReportsEveryMissingUidUnlessTheSequenceMatchVouches() throws Exception {
        long known = highest();
        changesElsewhere();
        server.close();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(server.dataDir().resolve("data/index"))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        server.start();
        try (ImapClient c = qresyncClient()) {
            // The old expunges are forgotten: every UID below UIDNEXT that is gone is reported.
            assertThat(c.ok("SELECT INBOX (QRESYNC (" + validity + " " + known + "))"))
                    .contains("* VANISHED (EARLIER) 2,4");
            // Message 2 is still UID 3: the client knows every expunge up to UID 3 (RFC 7162 3.2.5.2).
            assertThat(c.ok("SELECT INBOX (QRESYNC (" + validity + " " + known + " 1:5 (1,2 1,3)))"))
                    .contains("* VANISHED (EARLIER) 4");
            // A pair that no longer holds stops the matching.
            assertThat(c.ok("SELECT INBOX (QRESYNC (" + validity + " " + known + " 1:5 (1,2 1,2)))"))
                    .contains("* VANISHED (EARLIER) 2,4");
        }
    }
}
