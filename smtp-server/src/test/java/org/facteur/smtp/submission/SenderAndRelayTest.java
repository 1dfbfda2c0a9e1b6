package org.facteur.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.facteur.mailbox.MessageRecord;
import org.facteur.smtp.RawClient;
import org.facteur.smtp.queue.Envelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** MAIL FROM ownership, relaying for an authenticated user, trace header and log line. */
class SenderAndRelayTest {

    @TempDir
    static Path dir;
    static TestSubmission s;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    static final String TRANSACTION_LOG = "org.facteur.smtp.transaction";

    @BeforeAll
    static void start() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(TRANSACTION_LOG);
        logger.setLevel(Level.INFO);
        logger.addAppender(LOGS);
        LOGS.start();
        s = new TestSubmission(dir);
        s.mx.directory.addDomain("other.test");
        s.mx.directory.addAlias("@other.test", List.of("alice@example.test"));
    }

    @AfterAll
    static void stop() {
        s.close();
        ((Logger) LoggerFactory.getLogger(TRANSACTION_LOG)).detachAppender(LOGS);
    }

    @AfterEach
    void resetLogs() {
        LOGS.list.clear();
    }

    @Test
    void senderMustBeAnAddressTheUserOwns() throws Exception {
        try (RawClient c = s.loggedIn("alice@example.test")) {
            for (String owned : List.of("alice@example.test", "ALICE@Example.Test", "alice+lists@example.test",
                    "team@example.test", "anything@other.test", "")) {
                assertThat(c.command("MAIL FROM:<" + owned + ">")).as(owned).startsWith("250");
                assertThat(c.command("RSET")).startsWith("250");
            }
            for (String foreign : List.of("bob@example.test", "fwd@example.test", "nobody@example.test",
                    "alice@remote.test", "bob+alice@example.test")) {
                assertThat(c.command("MAIL FROM:<" + foreign + ">")).as(foreign)
                        .isEqualTo("553 5.7.1 Sender address rejected: not owned by user");
            }
        }
    }

    @Test
    void authenticatedUserRelaysToRemoteDomainsAndDeliversLocally() throws Exception {
        String queueId;
        int before = s.mx.inbox("bob@example.test").size();
        try (RawClient c = s.loggedIn("alice@example.test")) {
            assertThat(c.command("MAIL FROM:<alice@example.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<carol@remote.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("From: alice@example.test\r\nSubject: out\r\n\r\nhello\r\n.\r\n");
            String reply = c.reply();
            assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
            queueId = reply.substring(reply.lastIndexOf(' ') + 1);
        }
        List<MessageRecord> inbox = s.mx.awaitInbox("bob@example.test", before + 1);
        assertThat(inbox).hasSize(before + 1);
        String stored = new String(s.mx.content("bob@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.UTF_8);
        // RFC 3848: ESMTPSA; the login is not exposed in the header.
        assertThat(stored).contains("by mx.example.test (facteur) with ESMTPSA id " + queueId)
                .doesNotContain("authenticated").endsWith("\r\n\r\nhello\r\n");
        String received = stored.substring(stored.indexOf("Received: "), stored.indexOf("From: alice"));
        assertThat(received).doesNotContain("alice");
        s.mx.awaitQueueDrained();
        Envelope envelope = s.mx.queue.envelope(queueId);
        assertThat(envelope.deliveries(Envelope.Kind.REMOTE)).extracting(Envelope.Delivery::target)
                .containsExactly("carol@remote.test");
        assertThat(LOGS.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(l -> assertThat(l)
                .startsWith("smtp.transaction ").contains("from=<alice@example.test>",
                        "rcpts=<carol@remote.test>,<bob@example.test>", "tls=TLSv1.3 auth=alice@example.test",
                        "queue=" + queueId, "result=\"250 2.0.0"));
    }

    @Test
    void theRecipientLimitStillApplies() throws Exception {
        try (RawClient c = s.loggedIn("alice@example.test")) {
            assertThat(c.command("MAIL FROM:<alice@example.test>")).startsWith("250");
            for (int i = 0; i < 100; i++) {
                assertThat(c.command("RCPT TO:<r" + i + "@remote.test>")).startsWith("250");
            }
            assertThat(c.command("RCPT TO:<r100@remote.test>")).startsWith("452 4.5.3");
        }
    }
}
