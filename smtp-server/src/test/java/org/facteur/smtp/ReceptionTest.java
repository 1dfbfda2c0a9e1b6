package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The MX listener end to end: EHLO, a message from Jakarta Mail into the INBOX, trace headers. */
class ReceptionTest {

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
    void ehloAdvertisesTheExtensions() throws Exception {
        try (RawClient c = new RawClient(mx.port())) {
            assertThat(c.reply()).startsWith("220 mx.example.test");
            String ehlo = c.command("EHLO client.example.org");
            assertThat(ehlo.lines().findFirst()).hasValue("250-mx.example.test Hello client.example.org [127.0.0.1]");
            assertThat(ehlo.lines().map(l -> l.substring(4)).toList()).contains("PIPELINING", "ENHANCEDSTATUSCODES",
                    "8BITMIME", "SIZE 26214400", "STARTTLS", "SMTPUTF8", "DSN", "CHUNKING");
            assertThat(ehlo).doesNotContain("AUTH");
            assertThat(c.command("HELO client.example.org")).isEqualTo("250 mx.example.test Hello client.example.org [127.0.0.1]");
        }
    }

    @Test
    void jakartaMailMessageLandsInTheInboxByteExactWithTraceHeaders() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(mx.port()));
        Session session = Session.getInstance(p);
        // Parsed from bytes and sent without saveChanges(): James brings javax.mail 1.6's mailcap,
        // whose content handlers Jakarta Activation cannot use.
        String raw = "From: sender@elsewhere.test\r\nTo: Alice@Example.TEST\r\nSubject: hello\r\n\r\n"
                + "Hi Alice,\r\n.leading dot\r\n..two dots\r\n\r\nbye\r\n";
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        int before = mx.inbox("alice@example.test").size();
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, new InternetAddress[] {new InternetAddress("Alice@Example.TEST")});
        }
        List<MessageRecord> inbox = mx.awaitInbox("alice@example.test", before + 1);
        assertThat(inbox).hasSize(before + 1);
        String stored = new String(mx.content("alice@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Return-Path: <sender@elsewhere.test>\r\nReceived: from localhost ([127.0.0.1])\r\n");
        assertThat(stored).contains("by mx.example.test (facteur) with ESMTP id ");
        assertThat(stored).contains("\r\n.leading dot\r\n..two dots\r\n");
        assertThat(stored).contains("Subject: hello\r\n");
    }

    @Test
    void rawMessageIsKeptByteExactAfterTheTraceHeaders() throws Exception {
        String body = "From: a@elsewhere.test\r\nTo: bob@example.test\r\nSubject: exact\r\n\r\n"
                + "line one\r\n..stuffed\r\n \t trailing spaces  \r\n\u00e9t\u00e9 8-bit\r\n.\r\n";
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test> BODY=8BITMIME")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            int before = mx.inbox("bob@example.test").size();
            c.send(body);
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as ");
            List<MessageRecord> inbox = mx.awaitInbox("bob@example.test", before + 1);
            byte[] stored = mx.content("bob@example.test", inbox.get(inbox.size() - 1));
            String s = new String(stored, StandardCharsets.UTF_8);
            String expected = "From: a@elsewhere.test\r\nTo: bob@example.test\r\nSubject: exact\r\n\r\n"
                    + "line one\r\n.stuffed\r\n \t trailing spaces  \r\n\u00e9t\u00e9 8-bit\r\n";
            assertThat(s).endsWith(expected);
            int headerEnd = s.indexOf("From: a@elsewhere.test");
            assertThat(s.substring(0, headerEnd)).startsWith("Return-Path: <a@elsewhere.test>\r\nReceived: ")
                    .contains("for <bob@example.test>;");
        }
    }

    @Test
    void smtpUtf8AddressesAreAcceptedWithTheParameterOnly() throws Exception {
        mx.directory.addUser("j\u00f6rg@example.test", "x".toCharArray());
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<s\u00e9nder@\u00e9lsewhere.test>")).startsWith("553 5.6.7");
            assertThat(c.command("MAIL FROM:<s\u00e9nder@\u00e9lsewhere.test> SMTPUTF8")).startsWith("250");
            assertThat(c.command("RCPT TO:<J\u00d6RG@example.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<n\u00f6body@example.test>")).startsWith("550 5.1.1");
            assertThat(c.command("RCPT TO:<v\u00efctim@remote.test>")).startsWith("550 5.7.1");
            assertThat(c.command("RCPT TO:<u8.0@smtputf8.invalid>")).startsWith("550 5.7.1");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=\r\n\r\nh\u00e9\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        List<MessageRecord> inbox = mx.awaitInbox("j\u00f6rg@example.test", 1);
        assertThat(inbox).hasSize(1);
        String s = new String(mx.content("j\u00f6rg@example.test", inbox.get(0)), StandardCharsets.UTF_8);
        assertThat(s).startsWith("Return-Path: <s\u00e9nder@\u00e9lsewhere.test>\r\n")
                .contains("with UTF8SMTP id ").contains("for <J\u00d6RG@example.test>;").endsWith("h\u00e9\r\n");
    }
}
