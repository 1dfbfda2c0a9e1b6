package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DATA: SMTP smuggling, bare CR/LF, NUL, long lines, dot-stuffing, STARTTLS trace, 25 MB. */
class DataTest {

    /** {@code SmtpFramer.DATA_CHUNK}: a longer line reaches the receiver in pieces of this size. */
    private static final int SMTP_DATA_CHUNK = 8192;

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir, s -> s.maxErrors(1000));
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    private static RawClient transaction(String rcpt) throws Exception {
        RawClient c = RawClient.ehlo(mx.port());
        assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
        assertThat(c.command("RCPT TO:<" + rcpt + ">")).startsWith("250");
        assertThat(c.command("DATA")).startsWith("354");
        return c;
    }

    private static long countContaining(String user, String needle) throws Exception {
        long n = 0;
        for (MessageRecord m : mx.inbox(user)) {
            if (new String(mx.content(user, m), StandardCharsets.ISO_8859_1).contains(needle)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The published SMTP smuggling end-of-data variants (SEC Consult, Dec 2023): none ends the
     * data, so the smuggled transaction is never executed; the whole message is refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r.\r\n", "\r\n.\r", "\r\n\u0000.\r\n", "\n.\r"})
    void smugglingIsImpossible(String fakeEnd) throws Exception {
        String tag = "smuggled-" + Integer.toHexString(fakeEnd.hashCode());
        try (RawClient c = transaction("alice@example.test")) {
            c.send("Subject: cover\r\n\r\nhello" + fakeEnd
                    + "MAIL FROM:<evil@elsewhere.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
                    + "Subject: " + tag + "\r\n\r\nevil\r\n.\r\n");
            assertThat(c.reply()).startsWith("554 5.6.0");
            // Exactly one reply for all of it: the next one answers our NOOP.
            assertThat(c.command("NOOP")).startsWith("250");
        }
        mx.awaitQueueDrained();
        assertThat(countContaining("bob@example.test", tag)).isZero();
        assertThat(countContaining("alice@example.test", tag)).isZero();
    }

    @Test
    void bareLineEndingsInsideTheMessageAreRefusedAfterTheRealEnd() throws Exception {
        try (RawClient c = transaction("alice@example.test")) {
            c.send("Subject: lf\n\nunix line endings\n.\r\n\r\n.\r\n");
            assertThat(c.reply()).startsWith("554 5.6.0");
        }
    }

    @Test
    void nulIsRefused() throws Exception {
        try (RawClient c = transaction("alice@example.test")) {
            c.send("Subject: nul\r\n\r\na\u0000b\r\n.\r\n");
            assertThat(c.reply()).startsWith("554 5.6.0");
            assertThat(c.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void linesLongerThan998OctetsAreKeptAsTheyAre() throws Exception {
        String longLine = "x".repeat(20_000);
        int before = mx.inbox("bob@example.test").size();
        try (RawClient c = transaction("bob@example.test")) {
            c.send("Subject: long\r\n\r\n" + longLine + "\r\n." + longLine + "\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> inbox = mx.awaitInbox("bob@example.test", before + 1);
        String s = new String(mx.content("bob@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s).endsWith("\r\n\r\n" + longLine + "\r\n" + longLine + "\r\n");
    }

    @Test
    void emptyMessageAndDotOnlyLines() throws Exception {
        int before = mx.inbox("bob@example.test").size();
        try (RawClient c = transaction("bob@example.test")) {
            c.send("Subject: dots\r\n\r\n..\r\n...\r\n. \r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> inbox = mx.awaitInbox("bob@example.test", before + 1);
        String s = new String(mx.content("bob@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s).endsWith("Subject: dots\r\n\r\n.\r\n..\r\n \r\n");
    }

    /**
     * Many lines arrive in one write, so frames hold several lines: stuffed lines inside a frame
     * lose their period, a line starting with one period does too, and the transaction pipelined
     * right behind the end of the data (same write) is read as commands, not as data.
     */
    @Test
    void linesFramedTogetherAreUnstuffedAndTheDataEndsExactly() throws Exception {
        StringBuilder sent = new StringBuilder("Subject: many lines\r\n\r\n");
        StringBuilder stored = new StringBuilder(sent);
        for (int i = 0; i < 400; i++) {
            String line = switch (i % 5) {
                case 0 -> "..stuffed " + i;
                case 1 -> ". one period " + i;
                case 2 -> "...";
                default -> "plain line " + i;
            };
            sent.append(line).append("\r\n");
            stored.append(line.substring(line.startsWith(".") ? 1 : 0)).append("\r\n");
        }
        int bob = mx.inbox("bob@example.test").size();
        int alice = mx.inbox("alice@example.test").size();
        try (RawClient c = transaction("bob@example.test")) {
            c.send(sent + ".\r\nMAIL FROM:<a@elsewhere.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"
                    + "Subject: second\r\n\r\n..x\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("354");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> first = mx.awaitInbox("bob@example.test", bob + 1);
        String s = new String(mx.content("bob@example.test", first.get(first.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s.substring(s.indexOf("Subject: many lines"))).isEqualTo(stored.toString());
        List<MessageRecord> second = mx.awaitInbox("alice@example.test", alice + 1);
        s = new String(mx.content("alice@example.test", second.get(second.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s).endsWith("Subject: second\r\n\r\n.x\r\n");
    }

    /**
     * The data arrives in separate writes cut at the awkward places (after a line's LF, between
     * CR and LF, after a lone period, after an 8 KB piece of a longer line): the end is found
     * exactly, a period that does not start a line stays, and what follows the end is read as
     * commands. Each piece is sent after a pause, so the server reads it alone.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theEndOfTheDataIsFoundWhereverTheWritesAreCut(int variant) throws Exception {
        String wide = "x".repeat(SMTP_DATA_CHUNK);
        String[][] cases = {
            // pieces sent, then what the stored message ends with
            {"Subject: a\r\n\r\na\r\n", ".", "\r\nNOOP\r\n", "\r\n\r\na\r\n"},
            {"Subject: b\r\n\r\nb\r", "\n.\r\nNOOP\r\n", "\r\n\r\nb\r\n"},
            {"Subject: c\r\n\r\n" + wide, ".\r\n", "\r\n.\r\nNOOP\r\n", "\r\n\r\n" + wide + ".\r\n\r\n"},
            {"Subject: d\r\n\r\nd\r\n.\r", "\nNOOP\r\n", "\r\n\r\nd\r\n"},
            {"Subject: e\r\n\r\n" + "..e\r\n".repeat(3000), ".", ".\r\n.\r\nNOOP\r\n",
                "\r\n\r\n" + ".e\r\n".repeat(3000) + ".\r\n"},
        };
        String[] pieces = cases[variant];
        int before = mx.inbox("bob@example.test").size();
        try (RawClient c = transaction("bob@example.test")) {
            for (int i = 0; i < pieces.length - 1; i++) {
                c.send(pieces[i]);
                Thread.sleep(100);
            }
            assertThat(c.reply()).startsWith("250 2.0.0");
            assertThat(c.reply()).startsWith("250"); // the NOOP behind the data: a command, not text
        }
        List<MessageRecord> inbox = mx.awaitInbox("bob@example.test", before + 1);
        String s = new String(mx.content("bob@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s).endsWith(pieces[pieces.length - 1]);
    }

    @Test
    void startTlsIsRecordedInTheReceivedHeader() throws Exception {
        int before = mx.inbox("alice@example.test").size();
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.startTls()).startsWith("220");
            assertThat(c.command("EHLO client.example.org")).doesNotContain("STARTTLS");
            assertThat(((javax.net.ssl.SSLSocket) c.socket()).getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: tls\r\n\r\nsecret\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> inbox = mx.awaitInbox("alice@example.test", before + 1);
        String s = new String(mx.content("alice@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s).contains("with ESMTPS id ").containsPattern("\\(using TLSv1\\.[23] with cipher TLS_[A-Z0-9_]+\\)");
    }

    @Test
    void commandsPipelinedAfterStartTlsAreNotExecuted() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            c.send("STARTTLS\r\nMAIL FROM:<evil@elsewhere.test>\r\n");
            String reply;
            while ((reply = c.reply()) != null) {
                assertThat(reply).doesNotStartWith("250");
            }
        }
    }

    /**
     * CVE-2011-0411 style: a command sent in clear text after STARTTLS must not run inside the TLS
     * session. James 3.8.1 turns its check off at DATA and never back on; we turn it back on.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void commandsInjectedAfterStartTlsDoNotRun(boolean afterAMessage) throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            if (afterAMessage) {
                assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
                assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
                assertThat(c.command("DATA")).startsWith("354");
                c.send("Subject: first\r\n\r\nx\r\n.\r\n");
                assertThat(c.reply()).startsWith("250");
                mx.awaitQueueDrained(); // delivered before the other tests look at bob's INBOX
            }
            c.send("STARTTLS\r\nMAIL FROM:<evil@elsewhere.test>\r\n");
            String reply = c.reply();
            if (reply != null && reply.startsWith("220")) {
                String rcpt;
                try {
                    c.handshake();
                    rcpt = c.command("RCPT TO:<bob@example.test>");
                } catch (java.io.IOException closed) {
                    rcpt = null; // the server hung up: fine too
                }
                // Had the clear-text MAIL run, this RCPT would be accepted.
                assertThat(rcpt == null || rcpt.startsWith("503")).as("RCPT after TLS: %s", rcpt).isTrue();
            } else {
                assertThat(reply == null || !reply.startsWith("2")).as("reply: %s", reply).isTrue();
            }
        }
    }

    @Test
    void tenKilobyteCommandLineIsAnswered500AndTheSessionGoesOn() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("NOOP " + "x".repeat(10 * 1024))).startsWith("500");
            assertThat(c.command("NOOP")).startsWith("250");
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
        }
    }

    @Test
    void twentyFiveMegabyteMessage() throws Exception {
        int before = mx.inbox("bob@example.test").size();
        byte[] line = ("y".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int lines = 25_000_000 / line.length;
        try (RawClient c = transaction("bob@example.test")) {
            c.send("Subject: big\r\n\r\n");
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                chunk.write(line);
            }
            for (int i = 0; i < lines / 1000; i++) {
                c.send(chunk.toByteArray());
            }
            c.send(".\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> inbox = mx.awaitInbox("bob@example.test", before + 1);
        MessageRecord m = inbox.get(inbox.size() - 1);
        assertThat(m.size()).isGreaterThan((long) (lines / 1000) * 1000 * line.length);
        try (Stream<Path> tmp = Files.list(mx.queue.directory().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aClientLeavingInTheMiddleOfDataLeavesNothingBehind() throws Exception {
        try (RawClient c = transaction("alice@example.test")) {
            c.send("Subject: gone\r\n\r\n" + "half a message\r\n".repeat(1000));
        }
        Path tmp = mx.queue.directory().resolve("tmp");
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> files = Files.list(tmp)) {
                if (files.findAny().isEmpty()) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void dataSentBefore354IsStillFramedAsData() throws Exception {
        String longLine = "w".repeat(20_000);
        int before = mx.inbox("bob@example.test").size();
        try (RawClient c = RawClient.ehlo(mx.port())) {
            c.send("MAIL FROM:<a@elsewhere.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
                    + "Subject: early\r\n\r\n" + longLine + "\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("354");
            assertThat(c.reply()).startsWith("250");
            // A refused DATA goes back to command framing.
            assertThat(c.command("DATA")).startsWith("503");
            assertThat(c.command("NOOP " + "x".repeat(10_000))).startsWith("500");
        }
        List<MessageRecord> inbox = mx.awaitInbox("bob@example.test", before + 1);
        String s = new String(mx.content("bob@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.US_ASCII);
        assertThat(s).endsWith("Subject: early\r\n\r\n" + longLine + "\r\n");
    }
}
