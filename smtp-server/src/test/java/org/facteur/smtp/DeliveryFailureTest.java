package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.facteur.mailbox.MailStore;
import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.queue.QueueRunner;
import org.facteur.smtp.queue.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local deliveries that cannot succeed are parked in the queue (Envelope.Kind.FAILED), for the
 * bounce of a later issue, instead of being retried for ever; ones that may still succeed are
 * retried until {@code queue.max_age}.
 */
class DeliveryFailureTest {

    @TempDir
    Path dir;
    TestMx mx;

    @BeforeEach
    void start() throws Exception {
        mx = new TestMx(dir);
    }

    @AfterEach
    void stop() {
        mx.close();
    }

    private String send(String rcpt) throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<" + rcpt + ">")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: doomed\r\n\r\nbody\r\n.\r\n");
            String reply = c.reply();
            assertThat(reply).startsWith("250");
            return reply.substring(reply.lastIndexOf(' ') + 1);
        }
    }

    /** Waits until no local delivery of {@code id} is pending; returns its deliveries then. */
    private List<Envelope.Delivery> awaitNoLocalDelivery(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Envelope e = mx.queue.envelope(id);
            if (e.deliveries(Envelope.Kind.LOCAL).isEmpty()) {
                return e.deliveries();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("still pending: " + mx.queue.envelope(id).deliveries());
    }

    @Test
    void aUserRemovedBetweenRcptAndDeliveryIsParkedWithoutAMailbox() throws Exception {
        mx.directory.addUser("carl@example.test", "secret".toCharArray());
        mx.runner.close(); // delivery waits until the user is gone
        String id = send("carl@example.test");
        mx.directory.removeUser("carl@example.test");
        mx.stopMail();
        mx.startMail(true);

        List<Envelope.Delivery> deliveries = awaitNoLocalDelivery(id);

        assertThat(deliveries).containsExactly(new Envelope.Delivery(0, Envelope.Kind.FAILED, "carl@example.test", 0));
        assertThat(mx.store.mailbox("carl@example.test", MailStore.INBOX)).isEmpty();
        assertThat(Files.readString(mx.queue.directory().resolve(id + ".env"))).contains("failed 0 carl@example.test 0");
        // Parked for good: a restart does not try it again either.
        mx.stopMail();
        mx.startMail(true);
        Thread.sleep(500);
        assertThat(mx.queue.envelope(id).deliveries()).isEqualTo(deliveries);
        assertThat(mx.store.mailbox("carl@example.test", MailStore.INBOX)).isEmpty();
    }

    @Test
    void aTemporaryFailureIsRetriedUntilQueueMaxAgeThenParked() throws Exception {
        mx.directory.addUser("dan@example.test", "secret".toCharArray());
        mx.store.createAccount("dan@example.test");
        Path tmp = dir.resolve("mail/example.test/dan/tmp");
        Files.delete(tmp);
        Files.writeString(tmp, "not a directory: every append into dan's INBOX fails with an I/O error");

        String id = send("dan@example.test");
        Thread.sleep(1000); // several attempts (the test runner retries every 200 ms)
        assertThat(mx.queue.envelope(id).deliveries(Envelope.Kind.LOCAL)).hasSize(1);

        // A runner whose queue.max_age the message has outlived (the store stays open: its
        // recovery would mend the broken directory).
        mx.runner.close();
        try (QueueRunner aged = new QueueRunner(mx.queue, new LocalDelivery(mx.store, mx.queue, mx.directory::userExists),
                1, 200, Duration.ofMillis(1))) {
            aged.start();
            assertThat(awaitNoLocalDelivery(id))
                    .containsExactly(new Envelope.Delivery(0, Envelope.Kind.FAILED, "dan@example.test", 0));
        }
        assertThat(mx.queue.contains(id)).isTrue();
    }
}
