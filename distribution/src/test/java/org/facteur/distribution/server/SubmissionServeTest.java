package org.facteur.distribution.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facteur serve}'s submission wiring: the build's registry starts {@code listen.submissions}
 * (implicit TLS) and {@code listen.submission} (STARTTLS) over the directory, the queue and the
 * store; a user of the directory submits over 465 with AUTH PLAIN and the message is read back
 * from the recipient's INBOX; a wrong password counts in the throttle IMAP and POP3 share.
 */
class SubmissionServeTest {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void submitsOver465WithAuthIntoTheRecipientsInbox() throws Exception {
        int submissions = freePort();
        int submission = freePort();
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "data = data\nhostname = mail.example.test\nlisten.smtp = off\n"
                + "listen.imap = off\nlisten.imaps = off\nlisten.pop3 = off\nlisten.pop3s = off\n"
                + "listen.submissions = 127.0.0.1:" + submissions + "\nlisten.submission = 127.0.0.1:" + submission + "\n");
        Config config = ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> "unused"));

        try (FacteurServer server = FacteurServer.start(config, ServiceRegistry.ofThisBuild())) {
            assertThat(server.services()).extracting(Service::description)
                    .anyMatch(s -> s.startsWith("submissions (TLS, AUTH) on "))
                    .anyMatch(s -> s.startsWith("submission (STARTTLS, AUTH) on "));
            assertThat(server.notInThisBuild()).isEmpty();
            server.context().directory().addDomain("example.test");
            for (String user : List.of("alice@example.test", "bob@example.test")) {
                server.context().directory().addUser(user, "correct horse".toCharArray());
                server.context().store().createAccount(user);
            }

            String message = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: via 465\r\n\r\nHello Bob\r\n";
            SSLSocket socket = (SSLSocket) server.context().tls().trustingClientContext().getSocketFactory()
                    .createSocket("127.0.0.1", submissions);
            try (socket) {
                socket.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                assertThat(reply(in)).startsWith("220 mail.example.test");
                assertThat(command(in, out, "EHLO client.example.org")).contains("250-AUTH PLAIN LOGIN");
                assertThat(command(in, out, "AUTH PLAIN " + plain("alice@example.test", "wrong")))
                        .isEqualTo("535 5.7.8 Authentication credentials invalid");
                assertThat(server.context().loginThrottle().recentFailures("127.0.0.1")).isEqualTo(1);
                assertThat(command(in, out, "AUTH PLAIN " + plain("alice@example.test", "correct horse")))
                        .isEqualTo("235 2.7.0 Authentication successful");
                assertThat(command(in, out, "MAIL FROM:<bob@example.test>")).startsWith("553 5.7.1");
                assertThat(command(in, out, "MAIL FROM:<alice@example.test>")).startsWith("250");
                assertThat(command(in, out, "RCPT TO:<bob@example.test>")).startsWith("250");
                assertThat(command(in, out, "DATA")).startsWith("354");
                assertThat(command(in, out, message + ".")).startsWith("250 2.0.0 Ok: queued as ");
                assertThat(command(in, out, "QUIT")).startsWith("221");
            }

            String stored = awaitInbox(server.context().store(), "bob@example.test");
            assertThat(stored).startsWith("Return-Path: <alice@example.test>\r\nReceived: from client.example.org")
                    .contains("by mail.example.test (facteur) with ESMTPSA id ").endsWith(message);

            // The STARTTLS listener is up too: no AUTH before TLS.
            try (Socket plain = new Socket("127.0.0.1", submission)) {
                plain.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = plain.getOutputStream();
                assertThat(reply(in)).startsWith("220 ");
                assertThat(command(in, out, "EHLO client.example.org")).contains("STARTTLS").doesNotContain("AUTH");
                assertThat(command(in, out, "AUTH PLAIN " + plain("alice@example.test", "correct horse")))
                        .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            }
        }
    }

    private static String awaitInbox(MailStore store, String user) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            MailboxInfo inbox = store.mailbox(user, MailStore.INBOX).orElseThrow();
            List<MessageRecord> messages = store.messages(inbox.id());
            if (!messages.isEmpty()) {
                try (InputStream content = store.content(inbox.id(), messages.get(0).uid(), 0, Long.MAX_VALUE)) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    content.transferTo(bytes);
                    return bytes.toString(StandardCharsets.UTF_8);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing delivered to " + user);
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply(in);
    }

    /** One reply, its lines joined by '\n'. */
    private static String reply(BufferedReader in) throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            all.append(all.length() == 0 ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        return all.toString();
    }
}
