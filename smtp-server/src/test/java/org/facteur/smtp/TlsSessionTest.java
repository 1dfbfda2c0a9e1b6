package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session goes on after a message sent inside STARTTLS: the next MAIL and QUIT are answered
 * normally. (The STARTTLS injection check, switched back on after DATA, used to take every
 * command after a message inside TLS for an injection and answer 451.)
 */
class TlsSessionTest {

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir);
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    @Test
    void twoMessagesAndQuitInsideStartTls() throws Exception {
        int before = mx.inbox("bob@example.test").size();
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.startTls()).startsWith("220");
            assertThat(c.command("EHLO client.example.org")).startsWith("250");
            for (int i = 0; i < 2; i++) {
                assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
                assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
                assertThat(c.command("DATA")).startsWith("354");
                c.send("Subject: " + i + "\r\n\r\nx\r\n.\r\n");
                assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as ");
            }
            assertThat(c.command("QUIT")).startsWith("221");
        }
        assertThat(mx.awaitInbox("bob@example.test", before + 2)).hasSize(before + 2);
    }
}
