package org.facteur.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.facteur.smtp.TestTls;
import org.facteur.smtp.testing.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbound client against the SMTP sink on 127.0.0.2, over real sockets and TLS. */
class SmtpConnectionTest {

    private static final String BODY = "Subject: hello\r\n\r\n.a line starting with a dot\r\nend";

    private SmtpSink sink;
    private ClientSettings settings = new ClientSettings("mail.example.test", Timeouts.all(Duration.ofSeconds(5)),
            Optional.empty());

    @BeforeEach
    void start() throws Exception {
        sink = new SmtpSink();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void pipelinedTransactionGivesAResultPerRecipient() throws Exception {
        sink.reply("later@remote.test", "450 4.2.1 Mailbox busy").reply("nobody@remote.test", "550 5.1.1 No such user");
        try (SmtpConnection c = open()) {
            assertThat(c.offers("PIPELINING")).isTrue();
            List<DeliveryResult> results = c.send(message("alice@example.test", "bob@remote.test", "later@remote.test",
                    "nobody@remote.test"));

            assertThat(results).extracting(DeliveryResult::outcome).containsExactly(DeliveryResult.Outcome.DELIVERED,
                    DeliveryResult.Outcome.TEMPORARY, DeliveryResult.Outcome.PERMANENT);
            assertThat(results.get(2).status()).isEqualTo("5.1.1");
            assertThat(results.get(2).diagnostic()).isEqualTo("smtp; 550 5.1.1 No such user");
            assertThat(results.get(2).remoteMta()).isEqualTo("sink.remote.test");
        }
        SmtpSink.Received got = sink.take(5);
        assertThat(got.mailFrom()).startsWith("<alice@example.test>");
        assertThat(got.rcpts()).containsExactly("bob@remote.test");
        assertThat(got.helo()).isEqualTo("mail.example.test");
        // Dot-stuffed on the wire, unstuffed by the sink, and ended with CRLF.
        assertThat(got.text()).isEqualTo(BODY + "\r\n");
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        sink.pipelining(false).reply("nobody@remote.test", "550 5.1.1 No such user");
        try (SmtpConnection c = open()) {
            List<DeliveryResult> results = c.send(message("", "nobody@remote.test", "bob@remote.test"));
            assertThat(results).extracting(DeliveryResult::outcome).containsExactly(DeliveryResult.Outcome.PERMANENT,
                    DeliveryResult.Outcome.DELIVERED);
        }
        assertThat(sink.take(5).mailFrom()).startsWith("<>");
    }

    @Test
    void startTlsIsUsedWhenOffered() throws Exception {
        sink.startTls(TestTls.get().server);
        try (SmtpConnection c = open()) {
            assertThat(c.tls()).isTrue();
            c.send(message("a@example.test", "bob@remote.test"));
        }
        assertThat(sink.take(5).tls()).isTrue();
        assertThat(sink.commands()).filteredOn(l -> l.startsWith("EHLO")).hasSize(2);
    }

    @Test
    void heloWhenEhloIsRefused() throws Exception {
        sink.noEhlo();
        try (SmtpConnection c = open()) {
            assertThat(c.offers("PIPELINING")).isFalse();
            assertThat(c.send(message("a@example.test", "bob@remote.test")).get(0).delivered()).isTrue();
        }
        assertThat(sink.commands()).anyMatch(l -> l.equals("HELO mail.example.test"));
    }

    @Test
    void severalMessagesGoOverOneConnection() throws Exception {
        try (SmtpConnection c = open()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send(message("a@example.test", "bob@remote.test")).get(0).delivered()).isTrue();
            }
            c.quit();
        }
        assertThat(sink.messages()).hasSize(3);
        assertThat(sink.connections()).isEqualTo(1);
        assertThat(sink.commands()).last().isEqualTo("QUIT");
    }

    @Test
    void aFailedDataIsResetAndTheSessionGoesOn() throws Exception {
        sink.dataReply("452 4.3.1 Insufficient storage");
        try (SmtpConnection c = open()) {
            DeliveryResult r = c.send(message("a@example.test", "bob@remote.test")).get(0);
            assertThat(r.outcome()).isEqualTo(DeliveryResult.Outcome.TEMPORARY);
            assertThat(r.status()).isEqualTo("4.3.1");
            assertThat(c.usable()).isTrue();
        }
        assertThat(sink.commands()).contains("RSET");
    }

    @Test
    void aRefusedSenderFailsEveryRecipient() throws Exception {
        sink.mailReply("553 5.7.1 Sender rejected");
        try (SmtpConnection c = open()) {
            assertThat(c.send(message("a@example.test", "b@remote.test", "c@remote.test")))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo("5.7.1"));
        }
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void aMessageOverTheServersSizeIsNotSent() throws Exception {
        sink.size(10);
        try (SmtpConnection c = open()) {
            DeliveryResult r = c.send(message("a@example.test", "bob@remote.test")).get(0);
            assertThat(r.permanent()).isTrue();
            assertThat(r.status()).isEqualTo("5.3.4");
        }
        assertThat(sink.commands()).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void mailCarriesSizeBodyAndSmtpUtf8WhenOffered() throws Exception {
        sink.size(1_000_000);
        OutboundMessage m = new OutboundMessage("andré@example.test", List.of("bob@remote.test"), BODY.length(), true,
                true, new byte[0], () -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)));
        try (SmtpConnection c = open()) {
            assertThat(c.send(m).get(0).delivered()).isTrue();
        }
        assertThat(sink.take(5).mailFrom())
                .isEqualTo("<andré@example.test> SIZE=" + BODY.length() + " BODY=8BITMIME SMTPUTF8");
    }

    @Test
    void dsnParametersGoOnOnlyToAServerOfferingDsn() throws Exception {
        OutboundMessage m = new OutboundMessage("a@example.test", List.of("bob@remote.test", "eve@remote.test"),
                BODY.length(), false, false, new byte[0], () -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)),
                "RET=HDRS ENVID=QQ+2B1", List.of("NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@remote.test", ""));
        try (SmtpConnection c = open()) {
            c.send(m);
        }
        assertThat(sink.commands()).contains("MAIL FROM:<a@example.test>", "RCPT TO:<bob@remote.test>");
        sink.dsn(true);
        try (SmtpConnection c = open()) {
            c.send(m);
        }
        assertThat(sink.commands()).contains("MAIL FROM:<a@example.test> RET=HDRS ENVID=QQ+2B1",
                "RCPT TO:<bob@remote.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@remote.test", "RCPT TO:<eve@remote.test>");
    }

    @Test
    void utf8AddressesToAServerWithoutSmtpUtf8FailForGood() throws Exception {
        sink.smtpUtf8(false);
        OutboundMessage m = new OutboundMessage("a@example.test", List.of("bob@remote.test", "josé@remote.test"),
                BODY.length(), false, true, new byte[0], () -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)));
        try (SmtpConnection c = open()) {
            List<DeliveryResult> results = c.send(m);
            assertThat(results.get(0).delivered()).isTrue();
            assertThat(results.get(1).permanent()).isTrue();
            assertThat(results.get(1).status()).isEqualTo("5.6.7");
        }
        assertThat(sink.take(5).mailFrom()).isEqualTo("<a@example.test>");
    }

    @Test
    void aSignersHeadersComeFirst() throws Exception {
        byte[] prefix = "DKIM-Signature: v=1; test\r\n".getBytes(StandardCharsets.US_ASCII);
        OutboundMessage m = new OutboundMessage("a@example.test", List.of("bob@remote.test"), BODY.length() + prefix.length,
                false, false, prefix, () -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8)));
        try (SmtpConnection c = open()) {
            c.send(m);
        }
        assertThat(sink.take(5).text()).startsWith("DKIM-Signature: v=1; test\r\nSubject: hello\r\n");
    }

    @Test
    void refusedGreetingsFailTheConnection() throws Exception {
        sink.greeting("554 5.7.1 No service");
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, this::open);
        assertThat(f.permanent()).isTrue();
        assertThat(f.remoteMta()).isEqualTo("sink.remote.test");
        sink.greeting("421 4.3.2 Busy");
        assertThat(catchThrowableOfType(DeliveryFailure.class, this::open).permanent()).isFalse();
    }

    @Test
    void aHostThatDoesNotAnswerIsATemporaryFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
            closed = s.getLocalPort();
        }
        Route route = new Route("down.remote.test", List.of(new InetSocketAddress("127.0.0.2", closed)));
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> SmtpConnection.open(route, settings));
        assertThat(f.permanent()).isFalse();
        assertThat(f.status()).isEqualTo("4.4.1");
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        settings = new ClientSettings("mail.example.test", Timeouts.all(Duration.ofMillis(300)), Optional.empty());
        try (SmtpConnection c = open()) {
            sink.delay(1000);
            assertThatThrownBy(() -> c.send(message("a@example.test", "bob@remote.test")))
                    .isInstanceOf(IOException.class).hasMessageContaining("timeout");
            assertThat(c.usable()).isFalse();
        }
    }

    @Test
    void authPlainIsSentOnlyOverTls() throws Exception {
        sink.startTls(TestTls.get().server).auth("relay-user", "p@ss");
        settings = new ClientSettings("mail.example.test", Timeouts.all(Duration.ofSeconds(5)),
                Optional.of(new ClientSettings.Credentials("relay-user", "p@ss")));
        try (SmtpConnection c = open()) {
            c.send(message("a@example.test", "bob@remote.test"));
        }
        assertThat(sink.take(5).authUser()).isEqualTo("relay-user");

        try (SmtpSink plain = new SmtpSink().auth("relay-user", "p@ss")) {
            Route route = new Route("plain.remote.test", List.of(plain.address()));
            DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> SmtpConnection.open(route, settings));
            assertThat(f.permanent()).isFalse();
            assertThat(f.getMessage()).contains("only sent over TLS");
            assertThat(plain.commands()).noneMatch(l -> l.startsWith("AUTH"));
        }
    }

    @Test
    void wrongCredentialsAreATemporaryFailure() throws Exception {
        sink.startTls(TestTls.get().server).auth("relay-user", "right");
        settings = new ClientSettings("mail.example.test", Timeouts.all(Duration.ofSeconds(5)),
                Optional.of(new ClientSettings.Credentials("relay-user", "wrong")));
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, this::open);
        assertThat(f.permanent()).isFalse();
        assertThat(f.getMessage()).contains("535");
    }

    private SmtpConnection open() throws DeliveryFailure {
        return SmtpConnection.open(new Route("sink.remote.test", List.of(sink.address())), settings);
    }

    private static OutboundMessage message(String from, String... to) {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        return new OutboundMessage(from, List.of(to), body.length, false, false, new byte[0],
                () -> new ByteArrayInputStream(body));
    }
}
