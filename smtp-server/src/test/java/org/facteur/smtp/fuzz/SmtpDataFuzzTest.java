package org.facteur.smtp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facteur.smtp.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * DATA on the real reception server: the octets after {@code 354} are the input, followed by
 * {@code <CRLF>.<CRLF>} so that every input has an end. {@link DataModel} says, without the
 * server's code, where the data ends, whether it must be refused (bare CR or LF, NUL: SMTP
 * smuggling) and what must be queued after dot-unstuffing; the server's reply and its queue file
 * must agree to the octet. Whatever follows the real end is read by the server as commands,
 * which {@link SmtpCommandFuzzTest} covers.
 *
 * <p>Over a loopback socket, one connection per input, because the data path is Netty, James's
 * handler chain and our framer, handlers and queue together, none of them public; this costs a
 * connection, five round trips and a queue commit per input, so a run explores far fewer inputs
 * than an in-memory parser does (docs/fuzzing.md), but what it explores is what a client meets.
 * Seeds and past findings:
 * {@code src/test/resources/org/facteur/smtp/fuzz/SmtpDataFuzzTestInputs/data/}.
 */
class SmtpDataFuzzTest {

    private static final byte[] END = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\S+)");

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
    @DictionaryEntries({".", "..", "\u0000", "MAIL FROM:<a@b.test>", "RCPT TO:<bob@example.test>", "DATA", "BDAT 5 LAST",
        "Subject: ", "STARTTLS"})
    @FuzzTest(maxDuration = "60s")
    void data(byte[] input) throws Exception {
        byte[] sent = concat(input, END);
        DataModel expected = DataModel.of(sent);
        try (SilentCloseable connecting = mx.allowConnections(); RawClient client = mx.connect()) {
            // RFC 2920 pipelining: one write, then the four replies.
            client.send("EHLO fuzz.example\r\nMAIL FROM:<" + FuzzMx.SENDER + ">\r\nRCPT TO:<" + FuzzMx.RECIPIENT
                    + ">\r\nDATA\r\n");
            assertThat(client.reply()).startsWith("250-");
            assertThat(client.reply()).startsWith("250 ");
            assertThat(client.reply()).startsWith("250 ");
            assertThat(client.reply()).startsWith("354 ");
            client.send(sent);
            String reply = client.reply();
            if (expected.refused()) {
                assertThat(reply).startsWith("554 5.6.0");
            } else {
                Matcher queued = QUEUED.matcher(String.valueOf(reply));
                assertThat(queued.matches()).as(reply).isTrue();
                assertQueuedAs(mx.takeQueued(queued.group(1)), expected.message());
            }
        } finally {
            mx.clearQueue();
        }
        assertThat(mx.takeErrors()).isEmpty();
    }

    /** Our Received header (RFC 5321 4.4), then exactly the unstuffed octets. */
    private static void assertQueuedAs(byte[] queued, byte[] message) {
        assertThat(queued.length).isGreaterThanOrEqualTo(message.length);
        int headerLength = queued.length - message.length;
        assertThat(Arrays.copyOfRange(queued, headerLength, queued.length)).isEqualTo(message);
        String header = new String(queued, 0, headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("Received: from fuzz.example ([127.0.0.1])\r\n").endsWith("\r\n");
        for (String continuation : header.substring(0, headerLength - 2).split("\r\n", -1)) {
            assertThat(continuation).matches("(Received: |\t)[^\r\n]*");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
