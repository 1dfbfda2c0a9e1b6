package org.facteur.distribution.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facteur serve}'s IMAP wiring: the build's registry starts {@code listen.imaps} and
 * {@code listen.imap} over the store and the directory; a user of the directory logs in over
 * implicit TLS with the served certificate, appends and reads back a message byte-exact.
 */
class ImapServeTest {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void servesImapsWithTheDirectorysUsers() throws Exception {
        int imaps = freePort();
        int imap = freePort();
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "data = data\nhostname = mail.example.test\nlisten.smtp = off\nlisten.submission = off\n"
                + "listen.submissions = off\nlisten.pop3 = off\nlisten.pop3s = off\n"
                + "listen.imaps = 127.0.0.1:" + imaps + "\nlisten.imap = 127.0.0.1:" + imap + "\n");
        Config config = ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> "unused"));

        try (FacteurServer server = FacteurServer.start(config, ServiceRegistry.ofThisBuild())) {
            assertThat(server.services()).extracting(Service::description).anyMatch(s -> s.contains("imaps on"))
                    .anyMatch(s -> s.contains("imap (STARTTLS) on"));
            server.context().directory().addDomain("example.test");
            server.context().directory().addUser("alice@example.test", "correct horse".toCharArray());
            server.context().store().createAccount("alice@example.test");

            SSLSocket socket = (SSLSocket) server.context().tls().trustingClientContext().getSocketFactory()
                    .createSocket("127.0.0.1", imaps);
            try (socket) {
                socket.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                assertThat(in.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1").endsWith("mail.example.test IMAP4rev1 ready");
                String message = "Subject: via IMAP\r\n\r\nHello\r\n";
                // A failure counts in the process's throttle, which POP3 shares (INTERFACE.md).
                assertThat(exchange(in, out, "a0 LOGIN alice@example.test wrong\r\n", "a0"))
                        .containsExactly("a0 NO [AUTHENTICATIONFAILED] authentication failed");
                assertThat(server.context().loginThrottle().recentFailures("127.0.0.1")).isEqualTo(1);
                List<String> lines = exchange(in, out, "a1 LOGIN alice@example.test \"correct horse\"\r\n"
                        + "a2 APPEND INBOX {" + message.length() + "+}\r\n" + message + "\r\n"
                        + "a3 SELECT INBOX\r\na4 FETCH 1 BODY.PEEK[]\r\na5 LOGOUT\r\n", "a5");
                assertThat(lines).anyMatch(l -> l.startsWith("a1 OK")).anyMatch(l -> l.startsWith("a2 OK [APPENDUID"))
                        .contains("* 1 EXISTS", "a4 OK FETCH completed", "a5 OK LOGOUT completed");
                assertThat(String.join("\n", lines)).contains("BODY[] {" + message.length() + "}\nSubject: via IMAP\n\nHello\n)");
            }
            // The STARTTLS listener is up too, with LOGINDISABLED until TLS.
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", imap)) {
                plain.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).contains("STARTTLS", "LOGINDISABLED");
                List<String> lines = exchange(in, plain.getOutputStream(), "b1 STARTTLS\r\n", "b1");
                assertThat(lines).containsExactly("b1 OK Begin TLS negotiation now");
            }
        }
    }

    private static List<String> exchange(BufferedReader in, OutputStream out, String commands, String lastTag)
            throws IOException {
        out.write(commands.getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.startsWith(lastTag + " ")) {
                break;
            }
        }
        return lines;
    }
}
