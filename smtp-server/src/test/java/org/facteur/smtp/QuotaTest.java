package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quota.storage at SMTP: RCPT refuses a full mailbox with 552 5.2.2 (with and without SIZE, through
 * aliases), and a message that passed RCPT but no longer fits bounces with a DSN saying 5.2.2.
 */
class QuotaTest {

    private static final long QUOTA = 10_000;
    private static final String ALICE = "alice@example.test";
    private static final String BOB = "bob@example.test";

    @TempDir
    Path dir;
    TestMx mx;

    @BeforeEach
    void start() throws Exception {
        mx = new TestMx(dir, QUOTA);
        mx.directory.addAlias("ali@example.test", List.of(ALICE));
    }

    @AfterEach
    void stop() {
        mx.close();
    }

    /** Puts a message of {@code size} bytes straight into the user's INBOX. */
    private void fill(String user, int size) {
        mx.store.createAccount(user);
        byte[] message = ("Subject: filler\r\n\r\n" + "x".repeat(size - 19)).getBytes(StandardCharsets.US_ASCII);
        mx.store.append(mx.store.mailbox(user, MailStore.INBOX).orElseThrow().id(), new ByteArrayInputStream(message),
                Flags.NONE, Instant.now());
    }

    @Test
    void rcptWithDeclaredSizeOverQuotaIs552AndOtherRecipientsAreAccepted() throws Exception {
        fill(ALICE, 9_500);
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test> SIZE=1000")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@example.test>")).isEqualTo("552 5.2.2 Mailbox full");
            assertThat(c.command("RCPT TO:<ali@example.test>")).isEqualTo("552 5.2.2 Mailbox full");
            // An alias with room in one of its mailboxes is accepted; alice's copy would bounce.
            assertThat(c.command("RCPT TO:<team@example.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
        }
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test> SIZE=500")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250");
        }
    }

    @Test
    void rcptWithoutSizeIs552OnlyOnceTheMailboxIsFull() throws Exception {
        fill(ALICE, 9_999);
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250");
        }
        fill(ALICE, 1_000);
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<ALICE@Example.Test>")).isEqualTo("552 5.2.2 Mailbox full");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
        }
    }

    @Test
    void aMessageThatNoLongerFitsAtDeliveryBouncesWith522() throws Exception {
        fill(ALICE, 9_000);
        fill(BOB, 100);
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<bob@example.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: too big for alice\r\n\r\n" + "y".repeat(2_000) + "\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> bobs = mx.awaitInbox(BOB, 2);
        assertThat(bobs).hasSize(2);
        String dsn = new String(mx.content(BOB, bobs.get(1)), StandardCharsets.UTF_8);
        assertThat(dsn).contains("multipart/report", "report-type=delivery-status",
                "Final-Recipient: rfc822; alice@example.test", "Action: failed", "Status: 5.2.2");
        assertThat(mx.inbox(ALICE)).hasSize(1);
        mx.awaitQueueDrained();
        assertThat(mx.store.storageUsed(ALICE)).isEqualTo(9_000);
    }
}
