package org.facteur.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.RetrySchedule;
import org.facteur.smtp.relay.SmarthostRouter;
import org.facteur.smtp.testing.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote delivery out of the queue, end to end: real queue files, real DNS over UDP, real SMTP to
 * the sink on 127.0.0.2, retries, and bounces delivered into a real store.
 */
class RemoteDeliveryTest {

    @TempDir
    Path dir;

    private RelayHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aRemoteMessageReachesTheMxAndLeavesTheQueue() throws Exception {
        h = new RelayHarness(dir).start();
        String id = h.send("alice@example.test", "bob@remote.test");

        SmtpSink.Received got = h.sink.take(10);
        assertThat(got.rcpts()).containsExactly("bob@remote.test");
        assertThat(got.mailFrom()).startsWith("<alice@example.test>");
        assertThat(got.text()).contains(RelayHarness.SUBJECT);
        RelayHarness.await(() -> !h.queue.contains(id));
    }

    @Test
    void resultsArePerRecipientRetriedOrBounced() throws Exception {
        h = new RelayHarness(dir).start();
        h.sink.reply("busy@remote.test", "450 4.2.1 Mailbox busy").reply("nobody@remote.test", "550 5.1.1 No such user");
        String id = h.send("alice@example.test", "bob@remote.test", "busy@remote.test", "nobody@remote.test");

        assertThat(h.sink.take(10).rcpts()).containsExactly("bob@remote.test");
        String dsn = h.awaitBounce();
        assertThat(dsn).startsWith("Return-Path: <>\r\n")
                .contains("Content-Type: multipart/report; report-type=delivery-status;")
                .contains("Content-Type: message/delivery-status")
                .contains("Reporting-MTA: dns; mail.example.test")
                .contains("Final-Recipient: rfc822; nobody@remote.test")
                .contains("Action: failed")
                .contains("Status: 5.1.1")
                .contains("Remote-MTA: dns; mx.remote.test")
                .contains("Diagnostic-Code: smtp; 550 5.1.1 No such user")
                .contains("Content-Type: text/rfc822-headers")
                .contains(RelayHarness.SUBJECT)
                .doesNotContain("The body line.")
                .doesNotContain("Final-Recipient: rfc822; busy@remote.test");

        // The 450 stays queued with its attempt recorded, and is retried on queue.retry.
        Envelope e = h.queue.envelope(id);
        assertThat(e.deliveries()).extracting(Envelope.Delivery::target).containsExactly("busy@remote.test");
        Envelope.Attempt a = e.attempts().values().iterator().next();
        assertThat(a.status()).isEqualTo("4.2.1");
        assertThat(a.diagnostic()).contains("450 4.2.1 Mailbox busy");
        h.sink.reply("busy@remote.test", "250 2.1.5 Ok");
        assertThat(h.sink.take(10).rcpts()).containsExactly("busy@remote.test");
        RelayHarness.await(() -> !h.queue.contains(id));
    }

    @Test
    void theRetryStateSurvivesARestart() throws Exception {
        h = new RelayHarness(dir);
        h.schedule = new RetrySchedule(List.of(Duration.ofHours(1)), Duration.ofDays(5));
        h.start();
        h.sink.reply("bob@remote.test", "451 4.3.0 Try later");
        String id = h.send("alice@example.test", "bob@remote.test");
        RelayHarness.await(() -> !h.queue.envelope(id).attempts().isEmpty());
        Envelope.Attempt before = h.queue.envelope(id).attempts().get(0);
        assertThat(before.count()).isEqualTo(1);
        assertThat(before.next()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));

        h.stop();
        h.sink.reply("bob@remote.test", "250 Ok");
        h.start();
        Thread.sleep(500);
        // Not due for an hour: the restart keeps the schedule and does not retry at once.
        assertThat(h.sink.messages()).isEmpty();
        assertThat(h.queue.envelope(id).attempts().get(0)).isEqualTo(before);
    }

    @Test
    void aShutdownInTheMiddleOfATransactionIsNotCountedAsAnAttempt() throws Exception {
        h = new RelayHarness(dir);
        h.schedule = new RetrySchedule(List.of(Duration.ofHours(1)), Duration.ofDays(5));
        h.start();
        h.sink.delay(3000);
        String id = h.send("alice@example.test", "bob@remote.test");
        RelayHarness.await(() -> h.sink.connections() > 0);

        h.stop();
        assertThat(h.queue.envelope(id).attempts()).isEmpty();
        h.sink.delay(0);
        h.start();
        assertThat(h.sink.take(10).rcpts()).containsExactly("bob@remote.test");
    }

    @Test
    void flushRetriesDeferredMailWithinASecond() throws Exception {
        h = new RelayHarness(dir);
        h.schedule = new RetrySchedule(List.of(Duration.ofHours(1)), Duration.ofDays(5));
        h.start();
        h.sink.reply("bob@remote.test", "451 4.3.0 Try later");
        String id = h.send("alice@example.test", "bob@remote.test");
        RelayHarness.await(() -> !h.queue.envelope(id).attempts().isEmpty());
        h.sink.reply("bob@remote.test", "250 Ok");

        long start = System.nanoTime();
        MailQueue.requestFlush(dir);
        assertThat(h.sink.take(5)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        RelayHarness.await(() -> !h.queue.contains(id));
    }

    @Test
    void pastMaxAgeATemporaryFailureBounces() throws Exception {
        h = new RelayHarness(dir);
        h.schedule = new RetrySchedule(List.of(Duration.ofMillis(200)), Duration.ofSeconds(3));
        h.start();
        h.sink.reply("bob@remote.test", "451 4.3.0 Try later");
        String id = h.send("alice@example.test", "bob@remote.test");

        String dsn = h.awaitBounce();
        assertThat(dsn).contains("Status: 5.4.7").contains("451 4.3.0 Try later").contains("queue.max_age");
        RelayHarness.await(() -> !h.queue.contains(id));
        assertThat(h.sink.commands().stream().filter(c -> c.startsWith("RCPT")).count()).isGreaterThan(1);
    }

    @Test
    void aNullMxBouncesAtOnceWithoutTrying() throws Exception {
        h = new RelayHarness(dir);
        h.dns.nullMx("nomail.test");
        h.start();
        h.send("alice@example.test", "x@nomail.test");

        assertThat(h.awaitBounce()).contains("Status: 5.1.10").contains("null MX")
                .doesNotContain("Remote-MTA");
        assertThat(h.sink.connections()).isZero();
    }

    @Test
    void anUnreachableMxIsRetried() throws Exception {
        h = new RelayHarness(dir);
        h.dns.mx("down.test", 10, "mx.down.test").a("mx.down.test", "127.0.0.3");
        h.start();
        String id = h.send("alice@example.test", "x@down.test");
        RelayHarness.await(() -> !h.queue.envelope(id).attempts().isEmpty());
        Envelope.Attempt a = h.queue.envelope(id).attempts().get(0);
        assertThat(a.status()).isEqualTo("4.4.1");
        assertThat(h.inbox("alice@example.test")).isEmpty();
    }

    @Test
    void noBounceToTheNullSenderNorWhenNotifyIsNever() throws Exception {
        h = new RelayHarness(dir).start();
        h.sink.reply("nobody@remote.test", "550 5.1.1 No such user");
        String fromNull = h.send("", "nobody@remote.test");
        String never = h.sendWith("alice@example.test", "", "NEVER", "nobody@remote.test");

        RelayHarness.await(() -> !h.queue.contains(fromNull) && !h.queue.contains(never));
        Thread.sleep(300);
        assertThat(h.inbox("alice@example.test")).isEmpty();
        assertThat(h.queue.ids()).isEmpty();
    }

    @Test
    void retFullReturnsTheWholeMessage() throws Exception {
        h = new RelayHarness(dir).start();
        h.sink.reply("nobody@remote.test", "550 5.1.1 No such user");
        h.sendWith("alice@example.test", "FULL", "", "nobody@remote.test");
        assertThat(h.awaitBounce()).contains("Content-Type: message/rfc822").contains("The body line.");
    }

    @Test
    void failedLocalDeliveriesAreBouncedToo() throws Exception {
        h = new RelayHarness(dir).start();
        h.send("alice@example.test", "ghost@example.test");
        assertThat(h.awaitBounce()).contains("Final-Recipient: rfc822; ghost@example.test").contains("Status: 5.1.1")
                .contains("x-local; no such user");
    }

    @Test
    void aRemoteSenderGetsTheBounceFromTheNullSender() throws Exception {
        h = new RelayHarness(dir).start();
        h.sink.reply("nobody@remote.test", "550 5.1.1 No such user");
        h.send("bob@remote.test", "nobody@remote.test");
        SmtpSink.Received dsn = h.sink.take(10);
        assertThat(dsn.mailFrom()).startsWith("<>");
        assertThat(dsn.rcpts()).containsExactly("bob@remote.test");
        assertThat(dsn.text()).contains("Final-Recipient: rfc822; nobody@remote.test");
        // The bounce is delivered: nothing of either message stays.
        RelayHarness.await(() -> h.queue.ids().isEmpty());
    }

    @Test
    void messagesToOneDomainShareConnectionsWithinTheDomainLimit() throws Exception {
        h = new RelayHarness(dir);
        h.limits = new RemoteDelivery.Limits(3, 10, 100);
        h.start();
        h.sink.delay(5);
        for (int i = 0; i < 30; i++) {
            h.send("alice@example.test", "bob" + i + "@remote.test");
        }
        RelayHarness.await(() -> h.sink.messages().size() == 30);
        assertThat(h.sink.maxActive()).isBetween(1, 3);
        assertThat(h.sink.connections()).isLessThan(30);
    }

    @Test
    void aSmarthostTakesEveryDomain() throws Exception {
        h = new RelayHarness(dir);
        h.router = new SmarthostRouter("127.0.0.2", h.sink.port());
        h.start();
        h.send("alice@example.test", "someone@no-dns-at-all.test");
        assertThat(h.sink.take(10).rcpts()).containsExactly("someone@no-dns-at-all.test");
        assertThat(h.dns.queries()).isZero();
    }
}
