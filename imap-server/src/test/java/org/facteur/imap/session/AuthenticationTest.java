package org.facteur.imap.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;
import static org.facteur.imap.support.TestServer.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Greeting, capabilities, STARTTLS, LOGIN and AUTHENTICATE PLAIN over real sockets and TLS. */
class AuthenticationTest {

    @TempDir
    Path dir;

    TestServer server;

    TestServer start(java.util.function.UnaryOperator<org.facteur.imap.ImapSettings.Builder> customise) {
        server = new TestServer(dir, customise).start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void beforeTlsLoginIsDisabledAndAdvertisedSo() throws Exception {
        start(b -> b);
        try (ImapClient c = ImapClient.plain(server.imapPort())) {
            String greeting = c.readLine();
            assertThat(greeting).startsWith("* OK [CAPABILITY IMAP4rev1 ").contains("STARTTLS", "LOGINDISABLED")
                    .doesNotContain("AUTH=PLAIN").endsWith("imap.example.test IMAP4rev1 ready");
            assertThat(c.status("LOGIN " + ALICE + " \"" + PASSWORD + "\"")).isEqualTo("a1 NO [PRIVACYREQUIRED] LOGIN is disabled before STARTTLS");
            assertThat(c.status("AUTHENTICATE PLAIN " + plain(ALICE, PASSWORD))).startsWith("a2 NO [PRIVACYREQUIRED]");
            assertThat(c.status("SELECT INBOX")).startsWith("a3 BAD SELECT is not valid in the not authenticated state");
        }
    }

    @Test
    void startTlsThenLogin() throws Exception {
        start(b -> b);
        try (ImapClient c = ImapClient.plain(server.imapPort())) {
            c.readLine();
            assertThat(c.status("STARTTLS")).isEqualTo("a1 OK Begin TLS negotiation now");
            c.startTls();
            List<String> caps = c.ok("CAPABILITY");
            assertThat(caps.get(0)).contains("AUTH=PLAIN", "IDLE", "MOVE", "UIDPLUS", "LITERAL+", "APPENDLIMIT=26214400")
                    .doesNotContain("STARTTLS", "LOGINDISABLED");
            assertThat(c.status("STARTTLS")).isEqualTo("a3 BAD TLS is already active");
            String ok = c.status("LOGIN " + ALICE + " \"" + PASSWORD + "\"");
            assertThat(ok).startsWith("a4 OK [CAPABILITY IMAP4rev1 ").endsWith("] logged in").doesNotContain("AUTH=PLAIN");
        }
    }

    @Test
    void commandsPipelinedBehindStartTlsInClearAreDropped() throws Exception {
        start(b -> b.allowPlaintextAuth(true));
        try (ImapClient c = ImapClient.plain(server.imapPort())) {
            c.readLine();
            c.send("a1 STARTTLS\r\na2 LOGIN " + ALICE + " \"" + PASSWORD + "\"");
            assertThat(c.readLine()).isEqualTo("a1 OK Begin TLS negotiation now");
            c.startTls();
            // The injected LOGIN did not run: still not authenticated.
            assertThat(c.status("SELECT INBOX")).startsWith("a1 BAD SELECT is not valid");
        }
    }

    @Test
    void plaintextLoginWhenTheAdministratorAllowsIt() throws Exception {
        start(b -> b.allowPlaintextAuth(true));
        try (ImapClient c = ImapClient.plain(server.imapPort())) {
            assertThat(c.readLine()).contains("STARTTLS", "AUTH=PLAIN").doesNotContain("LOGINDISABLED");
            assertThat(c.status("LOGIN " + ALICE + " \"" + PASSWORD + "\"")).startsWith("a1 OK");
        }
    }

    @Test
    void authenticatePlainWithInitialResponseAndWithContinuation() throws Exception {
        start(b -> b);
        try (ImapClient c = ImapClient.tls(server.imapsPort())) {
            c.readLine();
            assertThat(c.status("AUTHENTICATE PLAIN " + plain(ALICE, PASSWORD))).startsWith("a1 OK [CAPABILITY");
        }
        try (ImapClient c = ImapClient.tls(server.imapsPort())) {
            c.readLine();
            c.send("b1 AUTHENTICATE PLAIN");
            assertThat(c.readLine()).isEqualTo("+ ");
            c.send(plain(ALICE, PASSWORD));
            assertThat(c.readLine()).startsWith("b1 OK [CAPABILITY");
            assertThat(c.status("NOOP")).isEqualTo("a1 OK NOOP completed");
        }
        try (ImapClient c = ImapClient.tls(server.imapsPort())) {
            c.readLine();
            c.send("c1 AUTHENTICATE PLAIN");
            c.readLine();
            c.send("*");
            assertThat(c.readLine()).isEqualTo("c1 BAD authentication cancelled");
            assertThat(c.status("AUTHENTICATE CRAM-MD5")).startsWith("a1 NO [CANNOT]");
            assertThat(c.status("AUTHENTICATE PLAIN !!notbase64")).startsWith("a2 BAD");
        }
    }

    @Test
    void failedLoginsAreSlowedThenTheConnectionIsClosed() throws Exception {
        start(b -> b.maxAuthFailures(3));
        try (ImapClient c = ImapClient.tls(server.imapsPort())) {
            c.readLine();
            long start = System.nanoTime();
            assertThat(c.status("LOGIN " + ALICE + " wrong")).isEqualTo("a1 NO [AUTHENTICATIONFAILED] authentication failed");
            assertThat(c.status("LOGIN " + ALICE + " wrong")).startsWith("a2 NO [AUTHENTICATIONFAILED]");
            // 50 ms then 100 ms (TestServer's throttle): the replies waited.
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
            c.send("a3 LOGIN " + ALICE + " wrong");
            assertThat(c.readLine()).startsWith("a3 NO [AUTHENTICATIONFAILED]");
            assertThat(c.readLine()).isEqualTo("* BYE too many failed logins");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void commandsPipelinedBehindADelayedLoginWaitForIt() throws Exception {
        start(b -> b);
        try (ImapClient c = ImapClient.tls(server.imapsPort())) {
            c.readLine();
            c.send("a1 LOGIN " + ALICE + " wrong\r\na2 LOGIN " + ALICE + " \"" + PASSWORD + "\"\r\na3 SELECT INBOX");
            assertThat(c.readLine()).startsWith("a1 NO");
            assertThat(c.readLine()).startsWith("a2 OK");
            List<String> select = c.readUntilTagged("a3");
            assertThat(select.get(select.size() - 1)).startsWith("a3 OK");
        }
    }

    @Test
    void perUserSessionLimit() throws Exception {
        start(b -> b.maxConnectionsPerUser(2));
        try (ImapClient c1 = server.login(ALICE); ImapClient c2 = server.login(ALICE);
             ImapClient c3 = ImapClient.tls(server.imapsPort())) {
            c3.readLine();
            assertThat(c3.status("LOGIN " + ALICE + " \"" + PASSWORD + "\"")).startsWith("a1 NO [LIMIT]");
            c1.ok("LOGOUT");
            Thread.sleep(200);
            assertThat(c3.status("LOGIN " + ALICE + " \"" + PASSWORD + "\"")).startsWith("a2 OK");
        }
    }

    @Test
    void perAddressConnectionLimit() throws Exception {
        start(b -> b.maxConnectionsPerIp(2));
        try (ImapClient c1 = ImapClient.tls(server.imapsPort()); ImapClient c2 = ImapClient.plain(server.imapPort())) {
            assertThat(c1.readLine()).startsWith("* OK");
            assertThat(c2.readLine()).startsWith("* OK");
            try (ImapClient c3 = ImapClient.plain(server.imapPort())) {
                assertThat(c3.readLine()).isEqualTo("* BYE Too many connections, try again later");
                assertThat(c3.closedByServer()).isTrue();
            }
            c1.ok("LOGOUT");
            Thread.sleep(200);
            try (ImapClient c4 = ImapClient.plain(server.imapPort())) {
                assertThat(c4.readLine()).startsWith("* OK");
            }
        }
    }

    @Test
    void idleSessionsAreLoggedOut() throws Exception {
        start(b -> b.idleTimeout(java.time.Duration.ofSeconds(1)));
        try (ImapClient c = server.login(ALICE)) {
            assertThat(c.readLine()).isEqualTo("* BYE Autologout; idle for too long");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void logout() throws Exception {
        start(b -> b);
        try (ImapClient c = server.login(ALICE)) {
            assertThat(c.command("LOGOUT")).containsExactly("* BYE logging out", "a2 OK LOGOUT completed");
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
