package org.facteur.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.smtp.submission.TestSubmission.PASSWORD;
import static org.facteur.smtp.submission.TestSubmission.b64;
import static org.facteur.smtp.submission.TestSubmission.plain;

import java.nio.file.Path;

import org.facteur.smtp.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AUTH on the submission listeners (RFC 4954), raw protocol over real TLS. */
class AuthTest {

    @TempDir
    static Path dir;
    static TestSubmission s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestSubmission(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void port587OffersAuthOnlyAfterStartTls() throws Exception {
        try (RawClient c = new RawClient(s.submission.port())) {
            assertThat(c.reply()).startsWith("220 mx.example.test");
            String ehlo = c.command("EHLO client.example.org");
            assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD)))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(c.command("MAIL FROM:<alice@example.test>"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(c.startTls()).startsWith("220");
            String secure = c.command("EHLO client.example.org");
            assertThat(secure.lines().map(l -> l.substring(4)).toList()).contains("AUTH PLAIN LOGIN")
                    .doesNotContain("STARTTLS");
            assertThat(c.command("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("503");
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD)))
                    .isEqualTo("235 2.7.0 Authentication successful");
            assertThat(c.command("MAIL FROM:<alice@example.test>")).startsWith("250");
        }
    }

    @Test
    void port465IsTlsFromTheFirstByteWithAuthAndNoStartTls() throws Exception {
        try (RawClient c = new RawClient(s.submissions.port())) {
            c.handshake();
            assertThat(c.reply()).startsWith("220 mx.example.test");
            String ehlo = c.command("EHLO client.example.org");
            assertThat(ehlo.lines().map(l -> l.substring(4)).toList()).contains("AUTH PLAIN LOGIN", "PIPELINING",
                    "SIZE 26214400").doesNotContain("STARTTLS");
            assertThat(c.command("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void authNeedsEhlo() throws Exception {
        try (RawClient c = new RawClient(s.submissions.port())) {
            c.handshake();
            assertThat(c.reply()).startsWith("220");
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD)))
                    .isEqualTo("503 5.5.1 Send EHLO first");
            assertThat(c.command("HELO client.example.org")).startsWith("250");
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD)))
                    .isEqualTo("503 5.5.1 Send EHLO first");
            assertThat(c.command("EHLO client.example.org")).startsWith("250");
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD))).startsWith("235");
        }
    }

    @Test
    void plainWithAndWithoutInitialResponse() throws Exception {
        try (RawClient c = s.implicitTls()) {
            assertThat(c.command("AUTH PLAIN " + plain("", "Alice@Example.TEST", PASSWORD)))
                    .isEqualTo("235 2.7.0 Authentication successful");
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD)))
                    .isEqualTo("503 5.5.1 Already authenticated");
        }
        try (RawClient c = s.implicitTls()) {
            assertThat(c.command("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(c.command(plain("alice@example.test", "alice@example.test", PASSWORD)))
                    .isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void login() throws Exception {
        try (RawClient c = s.implicitTls()) {
            assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(c.command(b64("bob@example.test"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.command(b64(PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
        }
        try (RawClient c = s.implicitTls()) {
            assertThat(c.command("AUTH LOGIN " + b64("bob@example.test"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.command(b64(PASSWORD))).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void starCancelsAndBadInputGetsAProtocolError() throws Exception {
        try (RawClient c = s.implicitTls()) {
            assertThat(c.command("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(c.command("*")).isEqualTo("501 5.0.0 Authentication canceled");
            assertThat(c.command("AUTH LOGIN")).startsWith("334");
            assertThat(c.command(b64("alice@example.test"))).startsWith("334");
            assertThat(c.command("*")).isEqualTo("501 5.0.0 Authentication canceled");
            assertThat(c.command("AUTH PLAIN not*base64")).isEqualTo("501 5.5.2 Cannot decode response");
            // Valid base64, but one NUL only (RFC 4616 2 needs two).
            assertThat(c.command("AUTH PLAIN " + b64("alice@example.test\0" + PASSWORD)))
                    .isEqualTo("501 5.5.2 Cannot decode response");
            assertThat(c.command("AUTH CRAM-MD5")).isEqualTo("504 5.5.4 Unrecognized authentication type");
            assertThat(c.command("AUTH")).isEqualTo("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
            // The session is usable after all this.
            assertThat(c.command("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD))).startsWith("235");
        }
    }

    @Test
    void wrongPasswordIsRefusedSlowerEachTimePerAddressAndPerAccount() throws Exception {
        String carol = "carol@example.test";
        s.mx.directory.addUser(carol, PASSWORD.toCharArray());
        try (RawClient c = s.implicitTls()) {
            assertThat(c.command("AUTH PLAIN " + plain("", carol, "wrong")))
                    .isEqualTo("535 5.7.8 Authentication credentials invalid");
            long start = System.nanoTime();
            assertThat(c.command("AUTH LOGIN")).startsWith("334");
            assertThat(c.command(b64(carol))).startsWith("334");
            assertThat(c.command(b64("wrong again"))).isEqualTo("535 5.7.8 Authentication credentials invalid");
            // Second failure: twice the base delay at least (a lower bound: a loaded machine only adds).
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(2 * TestSubmission.DELAY_BASE.toNanos());
            // An authorization identity other than the login's own is not granted.
            assertThat(c.command("AUTH PLAIN " + plain("bob@example.test", carol, PASSWORD))).startsWith("535");
            assertThat(s.throttle.recentFailures("account:" + carol)).isEqualTo(3);
            assertThat(s.throttle.recentFailures("127.0.0.1")).isGreaterThanOrEqualTo(3);
            assertThat(c.command("AUTH PLAIN " + plain("", carol, PASSWORD))).startsWith("235");
        }
    }

    @Test
    void tooManyFailuresOnOneConnectionCloseIt() throws Exception {
        try (RawClient c = s.implicitTls()) {
            for (int i = 1; i < 5; i++) {
                assertThat(c.command("AUTH PLAIN " + plain("", "nobody@example.test", "x" + i))).startsWith("535 5.7.8");
            }
            assertThat(c.command("AUTH PLAIN " + plain("", "nobody@example.test", "x5")))
                    .startsWith("421 4.7.0 Too many authentication failures");
            assertThat(c.reply()).isNull();
        }
    }

    @Test
    void commandsPipelinedBehindAuthWaitForItsAnswer() throws Exception {
        try (RawClient c = s.implicitTls()) {
            // The check runs off the I/O thread; what follows is held and answered after it, in order.
            c.send("AUTH PLAIN " + plain("", "alice@example.test", PASSWORD) + "\r\nMAIL FROM:<alice@example.test>\r\n"
                    + "RCPT TO:<bob@example.test>\r\n");
            assertThat(c.reply()).startsWith("235");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
        }
    }
}
