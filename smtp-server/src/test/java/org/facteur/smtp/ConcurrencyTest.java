package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 50 concurrent sessions of 20 messages each: every message acknowledged is delivered, once. */
class ConcurrencyTest {

    static final int SESSIONS = 50;
    static final int MESSAGES = 20;

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir, s -> s.connectionLimits(0, 0));
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    @Test
    void fiftySessionsOfTwentyMessages() throws Exception {
        String filler = "x".repeat(76) + "\r\n";
        String body = filler.repeat(60); // about 5 KB
        ExecutorService clients = Executors.newFixedThreadPool(SESSIONS);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            int session = s;
            done.add(clients.submit(() -> {
                try (RawClient c = RawClient.ehlo(mx.port())) {
                    for (int m = 0; m < MESSAGES; m++) {
                        String user = (session + m) % 2 == 0 ? "alice" : "bob";
                        // PIPELINING (RFC 2920): MAIL, RCPT and DATA in one write.
                        c.send("MAIL FROM:<s" + session + "@elsewhere.test>\r\nRCPT TO:<" + user
                                + "@example.test>\r\nDATA\r\n");
                        assertThat(c.reply()).startsWith("250");
                        assertThat(c.reply()).startsWith("250");
                        assertThat(c.reply()).startsWith("354");
                        c.send("Subject: m-" + session + "-" + m + "\r\n\r\n" + body + ".\r\n");
                        assertThat(c.reply()).startsWith("250");
                    }
                    c.command("QUIT");
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long accepted = System.nanoTime();
        clients.shutdown();
        int total = SESSIONS * MESSAGES;
        List<MessageRecord> alice = mx.awaitInbox("alice@example.test", total / 2);
        List<MessageRecord> bob = mx.awaitInbox("bob@example.test", total / 2);
        long delivered = System.nanoTime();
        System.out.printf("%d messages of ~5 KB from %d sessions: accepted in %d ms (%.0f/s), all in INBOX after %d ms%n",
                total, SESSIONS, (accepted - t0) / 1_000_000, total * 1e9 / (accepted - t0), (delivered - t0) / 1_000_000);
        assertThat(alice).hasSize(total / 2);
        assertThat(bob).hasSize(total / 2);
        Set<String> subjects = new HashSet<>();
        for (String user : List.of("alice@example.test", "bob@example.test")) {
            for (MessageRecord m : mx.inbox(user)) {
                String s = new String(mx.content(user, m), StandardCharsets.US_ASCII);
                int i = s.indexOf("Subject: m-");
                subjects.add(s.substring(i, s.indexOf('\r', i)));
            }
        }
        assertThat(subjects).hasSize(total);
        mx.awaitQueueDrained();
        assertThat(mx.queue.ids()).isEmpty();
    }
}
