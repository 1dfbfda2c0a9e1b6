package org.facteur.smtp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.facteur.smtp.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@link SmtpCommandFuzzTest} found. */
class SmtpFindingsTest {

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

    /**
     * Any client can make the server log at ERROR, as often as it likes: James 3.8.1's
     * MailSizeEsmtpExtension logs a malformed SIZE= (crash-bad-size-logged-as-error.txt), a value
     * past an int (crash-size-overflow.txt, found by CI's fuzzing) and a declared size over the
     * limit, each at ERROR. A client's mistake is not a server error: it floods the log and pages
     * whoever alerts on errors. Our SizeParameter replaces it.
     */
    @ParameterizedTest
    @CsvSource({"SIZE=100x, 501 5.5.4", "SIZE=, 501 5.5.4", "SIZE=123456789012345678901, 501 5.5.4",
        "SIZE=2147483648, 552 5.3.4", "SIZE=99999999999999999999, 552 5.3.4", "SIZE=1000, 250"})
    void aSizeDeclarationIsAnsweredWithoutAnErrorInTheLog(String parameter, String reply) throws Exception {
        mx.takeAllErrorMessages();
        try (RawClient client = mx.connect()) {
            assertThat(client.command("EHLO c.example")).startsWith("250");
            assertThat(client.command("MAIL FROM:<a@elsewhere.test> " + parameter)).startsWith(reply);
        }
        assertThat(mx.takeAllErrorMessages()).isEmpty();
    }

    /**
     * A parameter given twice on RCPT ({@code RCPT TO:<alice@example.test> NOOP= NOOP=}) makes
     * James 3.8.1's RcptCmdHandler.parseParameters throw IllegalArgumentException ("Multiple
     * entries with same key", Guava ImmutableMap), logged at ERROR by CommandDispatcher instead of
     * a 501 (found by fuzzing: crash-duplicate-rcpt-parameter.txt). Our RouteIgnoringRcptCmdHandler
     * answers it first.
     */
    @Test
    void aRepeatedRcptParameterIsASyntaxError() throws Exception {
        mx.takeAllErrorMessages();
        try (RawClient client = mx.connect()) {
            assertThat(client.command("EHLO c.example")).startsWith("250");
            assertThat(client.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<" + FuzzMx.RECIPIENT + "> NOTIFY=NEVER NOTIFY=NEVER")).startsWith("501");
        }
        assertThat(mx.takeAllErrorMessages()).isEmpty();
    }
}
