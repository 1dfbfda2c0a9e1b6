package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.facteur.smtp.queue.Envelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RCPT: the directory's answers, the open-relay battery, the recipient limit, forwarding, DSN. */
class RecipientTest {

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir, s -> s.maxErrors(1000));
        mx.directory.addDomain("catchall.test");
        mx.directory.addAlias("@catchall.test", java.util.List.of("alice@example.test"));
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    private static String rcpt(String address) throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test>")).startsWith("250");
            return c.command("RCPT TO:" + address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<alice@example.test>", "<ALICE@Example.Test>", "<alice+lists@example.test>",
            "<team@example.test>", "<fwd@example.test>", "<@elsewhere.test:bob@example.test>",
            "<anything@catchall.test>"})
    void localRecipientsAreAccepted(String address) throws Exception {
        assertThat(rcpt(address)).startsWith("250");
    }

    @Test
    void unknownLocalRecipientIs550_511() throws Exception {
        assertThat(rcpt("<nobody@example.test>")).startsWith("550 5.1.1");
    }

    /** The open-relay battery: none of these may be accepted without authentication. */
    @ParameterizedTest
    @ValueSource(strings = {
        "<victim@remote.test>",
        "<victim@remote.test.>",
        "<victim%remote.test@example.test>",
        "<\"victim@remote.test\"@example.test>",
        "<remote.test!victim@example.test>",
        "<@example.test:victim@remote.test>",
        "<@example.test,@mx.example.test:victim@remote.test>",
        "<victim@[127.0.0.2]>",
        "<victim@[IPv6:::1]>",
        "<alice@example.test.remote.test>",
        "<victim%remote.test@[127.0.0.1]>",
        "<victim%remote.test@catchall.test>",
        "<\"victim@remote.test\"@catchall.test>",
    })
    void relayAttemptsAreDenied(String address) throws Exception {
        String reply = rcpt(address);
        assertThat(reply).matches("(?s)5\\d\\d .*");
        assertThat(reply).doesNotStartWith("250");
    }

    @Test
    void plainRemoteRecipientIs550_571() throws Exception {
        assertThat(rcpt("<victim@remote.test>")).startsWith("550 5.7.1");
        assertThat(rcpt("<victim%remote.test@example.test>")).startsWith("550 5.7.1");
        assertThat(rcpt("<\"victim@remote.test\"@example.test>")).startsWith("550 5.7.1");
        assertThat(rcpt("<victim@[127.0.0.2]>")).startsWith("550 5.7.1");
        assertThat(rcpt("<@example.test:victim@remote.test>")).startsWith("550 5.7.1");
    }

    @Test
    void atMost100RecipientsPerMessage() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test>")).startsWith("250");
            for (int i = 0; i < 100; i++) {
                assertThat(c.command("RCPT TO:<alice+" + i + "@example.test>")).startsWith("250");
            }
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("452 4.5.3");
            assertThat(c.command("RSET")).startsWith("250");
        }
    }

    @Test
    void forwardingToARemoteAddressStaysQueuedWithItsDsnParameters() throws Exception {
        String queueId;
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test> RET=HDRS ENVID=QQ314159")).startsWith("250");
            assertThat(c.command("RCPT TO:<fwd@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;fwd@example.test"))
                    .startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: forwarded\r\n\r\nhi\r\n.\r\n");
            String reply = c.reply();
            assertThat(reply).startsWith("250");
            queueId = reply.substring(reply.lastIndexOf(' ') + 1);
        }
        mx.awaitQueueDrained();
        assertThat(mx.queue.contains(queueId)).isTrue();
        Envelope e = mx.queue.envelope(queueId);
        assertThat(e.deliveries()).extracting(Envelope.Delivery::kind, Envelope.Delivery::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Envelope.Kind.REMOTE, "carol@remote.test"));
        assertThat(e.dsnRet()).isEqualTo("HDRS");
        assertThat(e.dsnEnvelopeId()).isEqualTo("QQ314159");
        assertThat(e.recipients()).singleElement().satisfies(r -> {
            assertThat(r.dsnNotify()).isEqualTo("SUCCESS,FAILURE");
            assertThat(r.originalRecipient()).isEqualTo("rfc822;fwd@example.test");
        });
        assertThat(e.sender()).isEqualTo("someone@elsewhere.test");

        // The remote delivery survives a restart of the queue (it is a file, not memory).
        mx.stopMail();
        mx.startMail(true);
        assertThat(mx.queue.envelope(queueId).deliveries(Envelope.Kind.REMOTE)).hasSize(1);
    }

    @Test
    void badDsnParametersAreRefused() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test> RET=MAYBE")).startsWith("501");
            assertThat(c.command("MAIL FROM:<a@elsewhere.test> BODY=BINARYMIME")).startsWith("555");
            assertThat(c.command("MAIL FROM:<a@elsewhere.test> SMTPUTF8")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test> NOTIFY=NEVER,SUCCESS")).startsWith("501");
            assertThat(c.command("RCPT TO:<bob@example.test> NOTIFY=NEVER NOTIFY=SUCCESS")).startsWith("501 5.5.4");
            assertThat(c.command("RCPT TO:<bob@example.test> NOTIFY=NEVER")).startsWith("250");
        }
    }
}
