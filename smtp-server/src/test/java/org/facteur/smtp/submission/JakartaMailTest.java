package org.facteur.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.facteur.mailbox.MessageRecord;
import org.facteur.smtp.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** What a mail client does: Jakarta Mail submitting over 587 (STARTTLS) and 465 (implicit TLS) with AUTH. */
class JakartaMailTest {

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

    private static Session session(String protocol, int port, String mechanisms) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", "127.0.0.1");
        p.put(prefix + "port", String.valueOf(port));
        p.put(prefix + "auth", "true");
        p.put(prefix + "auth.mechanisms", mechanisms);
        p.put(prefix + "ssl.socketFactory", TestTls.get().clientSocketFactory());
        p.put(prefix + "ssl.checkserveridentity", "false");
        p.put(prefix + "timeout", "15000");
        if (protocol.equals("smtp")) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        return Session.getInstance(p);
    }

    private static void send(Session session, String protocol, String user, String password, String raw,
                             String to) throws Exception {
        // Parsed from bytes and sent without saveChanges(), as in ReceptionTest (javax.mail's mailcap).
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        try (Transport t = session.getTransport(protocol)) {
            t.connect(user, password);
            t.sendMessage(m, new InternetAddress[] {new InternetAddress(to)});
        }
    }

    @Test
    void submissionOver587WithStartTlsAndPlain() throws Exception {
        int before = s.mx.inbox("bob@example.test").size();
        String raw = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: via 587\r\n\r\nHi Bob\r\n";
        send(session("smtp", s.submission.port(), "PLAIN"), "smtp", "alice@example.test", TestSubmission.PASSWORD,
                raw, "bob@example.test");
        List<MessageRecord> inbox = s.mx.awaitInbox("bob@example.test", before + 1);
        assertThat(inbox).hasSize(before + 1);
        String stored = new String(s.mx.content("bob@example.test", inbox.get(inbox.size() - 1)), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Return-Path: <alice@example.test>\r\n").contains("with ESMTPSA id ")
                .endsWith(raw);
    }

    @Test
    void submissionOver465WithLogin() throws Exception {
        int before = s.mx.inbox("alice@example.test").size();
        String raw = "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: via 465\r\n\r\nHi Alice\r\n";
        send(session("smtps", s.submissions.port(), "LOGIN"), "smtps", "bob@example.test", TestSubmission.PASSWORD,
                raw, "alice@example.test");
        List<MessageRecord> inbox = s.mx.awaitInbox("alice@example.test", before + 1);
        assertThat(inbox).hasSize(before + 1);
        String stored = new String(s.mx.content("alice@example.test", inbox.get(inbox.size() - 1)),
                StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Return-Path: <bob@example.test>\r\n").contains("with ESMTPSA id ").endsWith(raw);
    }

    @Test
    void wrongPasswordAndForeignSenderAreRefused() {
        String raw = "From: bob@example.test\r\nSubject: x\r\n\r\nx\r\n";
        assertThatThrownBy(() -> send(session("smtps", s.submissions.port(), "PLAIN"), "smtps", "bob@example.test",
                "wrong", raw, "alice@example.test")).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("535 5.7.8");
        // Jakarta Mail takes the envelope sender from the From header: alice may not use bob's address.
        assertThatThrownBy(() -> send(session("smtps", s.submissions.port(), "PLAIN"), "smtps", "alice@example.test",
                TestSubmission.PASSWORD, raw, "alice@example.test")).isInstanceOf(MessagingException.class)
                .hasStackTraceContaining("553 5.7.1 Sender address rejected: not owned by user");
    }
}
