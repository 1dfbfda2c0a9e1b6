package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection limits, the error limit and the size limit while streaming. */
class LimitsTest {

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir, s -> s.connectionLimits(4, 3).maxErrors(5).maxMessageSize(100_000)
                .commandTimeout(java.time.Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    @Test
    void connectionsPerIpAreLimited() throws Exception {
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawClient c = new RawClient(mx.port());
                assertThat(c.reply()).startsWith("220");
                open.add(c);
            }
            try (RawClient extra = new RawClient(mx.port())) {
                assertThat(extra.reply()).startsWith("421 4.7.0");
                assertThat(extra.reply()).isNull();
            }
        } finally {
            for (RawClient c : open) {
                c.close();
            }
        }
        Thread.sleep(200); // the server sees the closes
        try (RawClient again = new RawClient(mx.port())) {
            assertThat(again.reply()).startsWith("220");
        }
    }

    @Test
    void connectionsInTotalAreLimited() throws Exception {
        List<RawClient> open = new ArrayList<>();
        try {
            for (String from : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")) {
                RawClient c = new RawClient(mx.port(), from);
                assertThat(c.reply()).startsWith("220");
                open.add(c);
            }
            try (RawClient extra = new RawClient(mx.port(), "127.0.0.6")) {
                assertThat(extra.reply()).startsWith("421 4.7.0");
                assertThat(extra.reply()).isNull();
            }
        } finally {
            for (RawClient c : open) {
                c.close();
            }
        }
        Thread.sleep(200); // the server sees the closes and gives the places back
        try (RawClient again = new RawClient(mx.port(), "127.0.0.6")) {
            assertThat(again.reply()).startsWith("220");
        }
    }

    @Test
    void anIdleSessionIsClosedWith421() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.reply()).startsWith("421 4.4.2");
            assertThat(c.reply()).isNull();
        }
    }

    @Test
    void tooManyErrorsEndTheSessionWith421() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            for (int i = 0; i < 4; i++) {
                assertThat(c.command("RCPT TO:<nobody@example.test>")).startsWith("503");
            }
            assertThat(c.command("BOGUS")).startsWith("421 4.7.0");
            assertThat(c.reply()).isNull();
        }
    }

    @Test
    void sizeIsEnforcedAtMailAndWhileStreaming() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test> SIZE=200000")).startsWith("552 5.3.4");
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: big\r\n\r\n" + ("z".repeat(998) + "\r\n").repeat(150) + ".\r\n");
            assertThat(c.reply()).startsWith("552 5.3.4");
            assertThat(c.command("NOOP")).startsWith("250");
        }
        assertThat(mx.queue.ids()).isEmpty();
        try (var tmp = java.nio.file.Files.list(mx.queue.directory().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }
}
