package org.facteur.smtp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.facteur.smtp.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * AUTH exchanges (RFC 4954: PLAIN, LOGIN, continuation lines, {@code *}) and what follows them
 * on the real submission listener over implicit TLS: the input is sent after EHLO, then the
 * client closes its side. Every reply is a well-formed SMTP reply, the only {@code 421} is the
 * one for too many failed logins, and nothing fails inside the server (no error logged). Seeds:
 * {@code src/test/resources/org/facteur/smtp/fuzz/SubmissionAuthFuzzTestInputs/auth/}.
 */
class SubmissionAuthFuzzTest {

    @TempDir
    static Path dir;
    static FuzzMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new FuzzMx(dir);
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    // No CR or LF here (see SmtpCommandFuzzTest). AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ= is
    // "\0alice@example.test\0secret", the right password of TestMx's alice.
    @DictionaryEntries({"AUTH ", "PLAIN", "LOGIN", " ", "=", "*", "AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=",
        "YWxpY2VAZXhhbXBsZS50ZXN0", "c2VjcmV0", "MAIL FROM:<", "alice@example.test", "bob@example.test", ">", "<>",
        " AUTH=<>", "RCPT TO:<", "DATA", "RSET", "EHLO x", "STARTTLS", "QUIT"})
    @FuzzTest(maxDuration = "60s")
    void auth(byte[] input) throws Exception {
        try (SilentCloseable connecting = mx.allowConnections(); RawClient client = mx.connectSubmissions()) {
            assertThat(client.command("EHLO fuzz.example.org")).contains("AUTH PLAIN LOGIN");
            client.send(input);
            client.socket().shutdownOutput();
            for (String reply = readReply(client); reply != null; reply = readReply(client)) {
                String[] lines = reply.split("\n", -1);
                String code = lines[0].substring(0, Math.min(3, lines[0].length()));
                for (int i = 0; i < lines.length; i++) {
                    // RFC 5321 4.2.1: every line of a reply has the same code; "-" on all lines but the last.
                    assertThat(lines[i]).as(reply).matches(code + (i < lines.length - 1 ? "-.*" : "( .*)?"));
                }
                assertThat(code).as(reply).matches("[2-5][0-9][0-9]");
                if (code.equals("421")) {
                    assertThat(reply).startsWith("421 4.7.0 Too many authentication failures");
                }
            }
        } finally {
            mx.clearQueue();
        }
        assertThat(mx.takeErrors()).isEmpty();
    }

    /** The next reply, or null at the end (also when the server closed first and the connection was reset). */
    private static String readReply(RawClient client) throws java.io.IOException {
        try {
            return client.reply();
        } catch (java.net.SocketException reset) {
            return null;
        }
    }
}
