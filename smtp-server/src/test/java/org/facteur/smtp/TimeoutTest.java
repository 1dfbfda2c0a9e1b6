package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5321 4.5.3.2 as the server applies it, with short configured values: a command timeout
 * (4.5.3.2.7) of 3 s and a data timeout (the data block timeout, 4.5.3.2.5) of 1 s. A timed-out
 * session gets {@code 421 4.4.2} and is closed; what it was sending is not queued.
 */
class TimeoutTest {

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir, s -> s.commandTimeout(Duration.ofSeconds(3)).dataTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    @Test
    void aSessionSilentBetweenCommandsIsClosedWith421() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            Thread.sleep(1500); // longer than the data timeout: it does not apply between commands
            assertThat(c.command("NOOP")).startsWith("250");
            long start = System.nanoTime();
            assertThat(c.reply()).startsWith("421 4.4.2");
            assertThat(c.reply()).isNull();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(2_000L, 10_000L);
        }
    }

    @Test
    void aSessionSilentInsideDataIsClosedWith421AndNothingIsQueued() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: cut short\r\n\r\nhalf a li");
            long start = System.nanoTime();
            assertThat(c.reply()).startsWith("421 4.4.2");
            assertThat(c.reply()).isNull();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_900L); // the data timeout, not the command one
        }
        assertNothingQueued();
    }

    @Test
    void aSessionSilentInsideABdatChunkIsClosedWith421() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            c.send("BDAT 100 LAST\r\nSubject: only ten");
            long start = System.nanoTime();
            assertThat(c.reply()).startsWith("421 4.4.2");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_900L);
        }
        assertNothingQueued();
    }

    @Test
    void slowButSteadyDataIsNotCut() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: slow\r\n\r\n");
            for (int i = 0; i < 8; i++) { // 4 s in all: longer than both timeouts, never silent for 1 s
                Thread.sleep(500);
                c.send("line " + i + "\r\n");
            }
            c.send(".\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        assertThat(mx.awaitInbox("alice@example.test", 1)).hasSize(1);
    }

    private static void assertNothingQueued() throws Exception {
        Thread.sleep(200); // the server sees the close and drops the spool
        assertThat(mx.queue.ids()).isEmpty();
        try (var tmp = Files.list(mx.queue.directory().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }
}
