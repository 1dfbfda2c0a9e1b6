package org.facteur.distribution.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.mailbox.MailStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quota.storage} under {@code facteur serve}: SMTP fills a mailbox until RCPT says 552
 * 5.2.2, IMAP shows the quota, POP3's DELE frees space, and the usage is the same after a restart.
 */
class QuotaServeTest {

    private static final String ALICE = "alice@example.test";
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;

    @Test
    void smtpImapAndPop3ShareOneUsageThatSurvivesARestart() throws Exception {
        int smtp = freePort();
        int imap = freePort();
        int pop3 = freePort();
        Config config = config("quota.storage = 3000", "listen.smtp = 127.0.0.1:" + smtp,
                "listen.imap = 127.0.0.1:" + imap, "imap.allow_plaintext_auth = true",
                "listen.pop3 = 127.0.0.1:" + pop3, "pop3.allow_plaintext_auth = true");
        long beforeRestart;
        try (FacteurServer server = FacteurServer.start(config, ServiceRegistry.ofThisBuild())) {
            MailStore store = server.context().store();
            server.context().directory().addDomain("example.test");
            server.context().directory().addUser(ALICE, PASSWORD.toCharArray());

            assertThat(send(smtp, "", 1000)).startsWith("250");
            assertThat(send(smtp, "", 1000)).startsWith("250");
            awaitMessages(store, 2);
            long used = store.storageUsed(ALICE);
            assertThat(used).isBetween(2000L, 2999L);

            // 3000 bytes is 2 KiB, rounded down; the usage is rounded up.
            try (LineClient c = new LineClient(new Socket(InetAddress.getLoopbackAddress(), imap))) {
                c.line();
                assertThat(c.until("a1", "a1 LOGIN " + ALICE + " \"" + PASSWORD + "\"")).last().asString().startsWith("a1 OK");
                assertThat(c.until("a2", "a2 GETQUOTAROOT INBOX")).containsExactly(
                        "* QUOTAROOT \"INBOX\" \"User quota\"",
                        "* QUOTA \"User quota\" (STORAGE " + (used + 1023) / 1024 + " 2)",
                        "a2 OK GETQUOTAROOT completed");
            }

            assertThat(send(smtp, " SIZE=1000", 1000)).isEqualTo("552 5.2.2 Mailbox full");

            try (LineClient p = new LineClient(new Socket(InetAddress.getLoopbackAddress(), pop3))) {
                assertThat(p.line()).startsWith("+OK");
                assertThat(p.command("USER " + ALICE)).startsWith("+OK");
                assertThat(p.command("PASS " + PASSWORD)).startsWith("+OK");
                assertThat(p.command("DELE 1")).startsWith("+OK");
                assertThat(p.command("QUIT")).startsWith("+OK");
            }
            long afterDele = store.storageUsed(ALICE);
            assertThat(afterDele).isBetween(1000L, 1999L);
            assertThat(send(smtp, " SIZE=1000", 1000)).startsWith("250 2.1.5");
            awaitMessages(store, 2);
            beforeRestart = store.storageUsed(ALICE);
            assertThat(beforeRestart).isBetween(2000L, 2999L);
        }

        try (FacteurServer server = FacteurServer.start(config, ServiceRegistry.ofThisBuild())) {
            // Counted at start in the background, before anyone asks (an RCPT would ask on an I/O thread).
            MailStore store = server.context().store();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.storageUsedIfKnown(ALICE).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(store.storageUsedIfKnown(ALICE)).hasValue(beforeRestart);
            assertThat(server.context().store().storageUsed(ALICE)).isEqualTo(beforeRestart);
            assertThat(server.context().quota().allows(ALICE, 3000 - beforeRestart)).isTrue();
            assertThat(server.context().quota().allows(ALICE, 3001 - beforeRestart)).isFalse();
        }
    }

    /** MAIL (with {@code mailParameters}) and RCPT to alice; the whole message if RCPT is accepted. Returns RCPT's reply. */
    private static String send(int port, String mailParameters, int size) throws IOException {
        try (LineClient c = new LineClient(new Socket(InetAddress.getLoopbackAddress(), port))) {
            c.line();
            c.command("EHLO client.example.org");
            while (c.last.startsWith("250-")) {
                c.line();
            }
            assertThat(c.command("MAIL FROM:<someone@elsewhere.test>" + mailParameters)).startsWith("250");
            String rcpt = c.command("RCPT TO:<" + ALICE + ">");
            if (rcpt.startsWith("250")) {
                assertThat(c.command("DATA")).startsWith("354");
                String head = "Subject: filler\r\n\r\n";
                assertThat(c.command(head + "z".repeat(size - head.length()) + "\r\n.")).startsWith("250");
            }
            c.command("QUIT");
            return rcpt;
        }
    }

    private static void awaitMessages(MailStore store, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (store.mailbox(ALICE, MailStore.INBOX).map(b -> store.messages(b.id()).size()).orElse(0) >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not delivered in time");
    }

    private Config config(String... lines) throws IOException {
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "data = data\nhostname = mail.example.test\nlisten.submission = off\n"
                + "listen.submissions = off\nlisten.imaps = off\nlisten.pop3s = off\n" + String.join("\n", lines) + "\n");
        return ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> "unused"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** CRLF lines over a plain socket. */
    private static final class LineClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        String last = "";

        LineClient(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        String line() throws IOException {
            last = in.readLine();
            return last;
        }

        String command(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return line();
        }

        List<String> until(String tag, String command) throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add(command(command));
            while (!last.startsWith(tag + " ")) {
                lines.add(line());
            }
            return lines;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
