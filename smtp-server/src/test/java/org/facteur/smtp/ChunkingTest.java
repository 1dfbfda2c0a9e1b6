package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** CHUNKING (RFC 3030): BDAT chunks, refusals that still consume their octets, limits. */
class ChunkingTest {

    @TempDir
    static Path dir;
    static TestMx mx;

    @BeforeAll
    static void start() throws Exception {
        mx = new TestMx(dir, s -> s.maxMessageSize(50_000).maxErrors(1000));
    }

    @AfterAll
    static void stop() {
        mx.close();
    }

    private static String last(String user) throws Exception {
        List<MessageRecord> inbox = mx.inbox(user);
        return new String(mx.content(user, inbox.get(inbox.size() - 1)), StandardCharsets.UTF_8);
    }

    @Test
    void chunksMakeOneMessageByteExact() throws Exception {
        String part1 = "Subject: chunks\r\n\r\n.a line with a leading dot\r\n";
        String part2 = ".\r\nBDAT 5\r\nMAIL FROM:<evil@elsewhere.test>\r\nend\r\n";
        int before = mx.inbox("alice@example.test").size();
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("EHLO client.example.org")).contains("CHUNKING");
            // Pipelined: MAIL, RCPT and both chunks in one write.
            c.send("MAIL FROM:<a@elsewhere.test>\r\nRCPT TO:<alice@example.test>\r\n"
                    + "BDAT " + part1.length() + "\r\n" + part1
                    + "BDAT " + part2.length() + " LAST\r\n" + part2);
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).isEqualTo("250 2.0.0 " + part1.length() + " octets received");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.command("NOOP")).startsWith("250");
        }
        mx.awaitInbox("alice@example.test", before + 1);
        assertThat(last("alice@example.test")).endsWith(part1 + part2).contains("with ESMTP id ");
    }

    @Test
    void aRefusedBdatStillConsumesItsOctets() throws Exception {
        String chunk = "MAIL FROM:<evil@elsewhere.test>\r\nRCPT TO:<bob@example.test>\r\n";
        try (RawClient c = RawClient.ehlo(mx.port())) {
            c.send("BDAT " + chunk.length() + " LAST\r\n" + chunk);
            assertThat(c.reply()).startsWith("503 5.5.1");
            assertThat(c.command("NOOP")).startsWith("250");
            assertThat(c.command("BDAT twelve")).startsWith("501");
        }
    }

    @Test
    void dataIsRefusedInABdatTransactionAndRsetDropsIt() throws Exception {
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            c.send("BDAT 3\r\nabc");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.command("DATA")).startsWith("503");
            assertThat(c.command("RSET")).startsWith("250");
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            c.send("BDAT 12 LAST\r\nSubject: r\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued");
        }
        mx.awaitQueueDrained();
        assertThat(last("bob@example.test")).endsWith("\r\nSubject: r\r\n").doesNotContain("abc");
        try (Stream<Path> tmp = Files.list(mx.queue.directory().resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void theSizeLimitAppliesToChunks() throws Exception {
        String big = "x".repeat(60_000);
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            c.send("BDAT " + big.length() + "\r\n" + big);
            assertThat(c.reply()).startsWith("552 5.3.4");
            assertThat(c.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void jakartaMailSendsWithBdat() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(mx.port()));
        p.put("mail.smtp.chunksize", "1000");
        Session session = Session.getInstance(p);
        String body = "line\r\n".repeat(1000);
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(
                ("Subject: jakarta chunks\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII)));
        int before = mx.inbox("alice@example.test").size();
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, new InternetAddress[] {new InternetAddress("alice@example.test")});
        }
        mx.awaitInbox("alice@example.test", before + 1);
        assertThat(last("alice@example.test")).endsWith("Subject: jakarta chunks\r\n\r\n" + body);
    }
}
