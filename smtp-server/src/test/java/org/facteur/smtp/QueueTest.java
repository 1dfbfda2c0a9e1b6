package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.facteur.mailbox.MessageRecord;
import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.queue.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's durability: what was acknowledged is delivered after a restart, exactly once. */
class QueueTest {

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

    private String send(String rcpt, String tag) throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<" + rcpt + ">")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: " + tag + "\r\n\r\nbody\r\n.\r\n");
            String reply = c.reply();
            assertThat(reply).startsWith("250");
            return reply.substring(reply.lastIndexOf(' ') + 1);
        }
    }

    private long count(String user, String tag) throws Exception {
        long n = 0;
        for (MessageRecord m : mx.inbox(user)) {
            if (new String(mx.content(user, m), StandardCharsets.UTF_8).contains("Subject: " + tag + "\r\n")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anAcknowledgedMessageIsQueuedBeforeDeliveryAndDeliveredAfterARestart() throws Exception {
        mx.runner.close(); // the runner "crashed": nothing is delivered in this run
        String id = send("team@example.test", "pending");
        assertThat(mx.queue.contains(id)).isTrue();
        assertThat(count("alice@example.test", "pending")).isZero();

        mx.stopMail(); // a clean stop writes out what the queue's journal holds
        assertThat(Files.readString(mx.queue.directory().resolve(id + ".env"))).contains("local 0 alice@example.test 0",
                "local 1 bob@example.test 0");
        mx.startMail(true);
        mx.awaitQueueDrained();
        assertThat(count("alice@example.test", "pending")).isEqualTo(1);
        assertThat(count("bob@example.test", "pending")).isEqualTo(1);
        assertThat(mx.queue.contains(id)).isFalse();
        assertThat(Files.exists(mx.queue.directory().resolve(id + ".msg"))).isFalse();
    }

    @Test
    void aCrashBetweenDeliveryAndQueueCleanupDeliversExactlyOnce() throws Exception {
        mx.runner.close();
        String id = send("team@example.test", "once");
        // The crash: alice's copy was appended, the queue was not updated.
        Envelope e = mx.queue.envelope(id);
        new LocalDelivery(mx.store, mx.queue, mx.directory::userExists).deliver(e, e.deliveries().get(0));
        assertThat(count("alice@example.test", "once")).isEqualTo(1);

        mx.stopMail();
        mx.startMail(true);
        mx.awaitQueueDrained();
        assertThat(mx.queue.contains(id)).isFalse();
        assertThat(count("alice@example.test", "once")).isEqualTo(1);
        assertThat(count("bob@example.test", "once")).isEqualTo(1);
    }

    @Test
    void leftoversOfACrashedCommitAreCleanedAtStart() throws Exception {
        mx.stopMail();
        Path q = dir.resolve("queue");
        Files.writeString(q.resolve("tmp").resolve("ABC.msg"), "half a message");
        Files.writeString(q.resolve("ORPHAN.msg"), "no envelope: never acknowledged");
        Files.writeString(q.resolve("LONELY.env"), "facteur-queue 1\nid LONELY\nend\n");
        mx.startMail(true);
        assertThat(Files.exists(q.resolve("LONELY.env"))).isFalse();
        assertThat(Files.exists(q.resolve("tmp").resolve("ABC.msg"))).isFalse();
        assertThat(Files.exists(q.resolve("ORPHAN.msg"))).isFalse();
        assertThat(mx.queue.ids()).isEmpty();
    }

    @Test
    void localDeliveryFollowsThe250WithinMilliseconds() throws Exception {
        send("bob@example.test", "warmup");
        mx.awaitInbox("bob@example.test", 1);
        long[] ms = new long[20];
        for (int i = 0; i < ms.length; i++) {
            int before = mx.inbox("bob@example.test").size();
            send("bob@example.test", "fast" + i);
            long t0 = System.nanoTime();
            mx.awaitInbox("bob@example.test", before + 1);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        System.out.println("250-to-INBOX latency ms, median " + ms[ms.length / 2] + ", max " + ms[ms.length - 1]);
        assertThat(ms[ms.length / 2]).isLessThan(200);
    }

    @Test
    void aFullDiskIsATemporaryFailureAndLosesNothing() throws Exception {
        String id = send("bob@example.test", "before");
        mx.awaitQueueDrained();
        mx.stopMail();
        mx.queueMinFree = Long.MAX_VALUE; // no file system has that much room: "full"
        mx.startMail(true);
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("452 4.3.1");
            c.send("BDAT 3 LAST\r\nabc");
            assertThat(c.reply()).startsWith("452 4.3.1");
            assertThat(c.command("NOOP")).startsWith("250");
        }
        assertThat(count("bob@example.test", "before")).isEqualTo(1);
        assertThat(mx.queue.contains(id)).isFalse();
        assertThat(mx.queue.ids()).isEmpty();
    }
}
