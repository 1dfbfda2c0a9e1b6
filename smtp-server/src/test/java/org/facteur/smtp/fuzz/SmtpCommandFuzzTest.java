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
 * Command lines on the real reception server: the input is everything a client sends after the
 * greeting, then the client closes its side. Whatever the input, every reply is a well-formed
 * SMTP reply (RFC 5321 4.2: three digits 2xx to 5xx, then a space or, inside a multiline reply, a
 * hyphen), nothing fails inside the server (no {@code 421}, no error logged: James answers an
 * exception in a handler with {@code 421} and logs it), and the server keeps serving (the next
 * input's connection gets its greeting).
 *
 * <p>After {@code 220} to STARTTLS the rest of the input is a (failed) TLS handshake, not
 * replies: reading stops there. See {@link SmtpDataFuzzTest} for why a socket per input. Seeds
 * and past findings: {@code src/test/resources/org/facteur/smtp/fuzz/SmtpCommandFuzzTestInputs/commands/}.
 */
class SmtpCommandFuzzTest {

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

    // No CR or LF here: Jazzer 0.24.0 writes them unescaped and libFuzzer then refuses the dictionary.
    @DictionaryEntries({"EHLO ", "HELO ", "MAIL FROM:<", "RCPT TO:<", "alice@example.test", "team@example.test", ">",
        "<>", " SIZE=", " BODY=8BITMIME", " BODY=BINARYMIME", " SMTPUTF8", " RET=HDRS", " ENVID=", " NOTIFY=NEVER",
        " ORCPT=rfc822;", "DATA", "BDAT ", " LAST", "RSET", "NOOP", "VRFY ", "EXPN ", "HELP", "QUIT", "STARTTLS",
        "@[127.0.0.1]", "%", "\"", "\u00e9"})
    @FuzzTest(maxDuration = "60s")
    void commands(byte[] input) throws Exception {
        try (SilentCloseable connecting = mx.allowConnections(); RawClient client = mx.connect()) {
            client.send(input);
            client.socket().shutdownOutput();
            for (String reply = readReply(client); reply != null; reply = readReply(client)) {
                String[] lines = reply.split("\n", -1);
                String code = lines[0].substring(0, Math.min(3, lines[0].length()));
                for (int i = 0; i < lines.length; i++) {
                    // RFC 5321 4.2.1: every line of a reply has the same code; "-" on all lines but the last.
                    assertThat(lines[i]).as(reply).matches(code + (i < lines.length - 1 ? "-.*" : "( .*)?"));
                }
                assertThat(code).as(reply).matches("[2-5][0-9][0-9]").isNotEqualTo("421");
                if (code.equals("220")) {
                    break; // STARTTLS accepted: what follows is TLS
                }
            }
        } finally {
            mx.clearQueue();
        }
        assertThat(mx.takeErrors()).isEmpty();
    }

    /**
     * The next reply, or null at the end. When the server closes first (QUIT, or a 421) while
     * input is still unread, its kernel resets the connection: that ends the session too.
     */
    private static String readReply(RawClient client) throws java.io.IOException {
        try {
            return client.reply();
        } catch (java.net.SocketException reset) {
            return null;
        }
    }
}
