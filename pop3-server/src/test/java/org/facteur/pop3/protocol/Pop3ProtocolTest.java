package org.facteur.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.pop3.support.TestServer.ALICE;
import static org.facteur.pop3.support.TestServer.ALICE_PASSWORD;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.facteur.guard.ConnectionLimits;
import org.facteur.mailbox.MessageRecord;
import org.facteur.pop3.support.RawClient;
import org.facteur.pop3.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command and error path, over real sockets and real TLS, byte by byte. */
class Pop3ProtocolTest {

    static final byte[] M1 = ("From: a@example.org\r\nSubject: one\r\n\r\nline 1\r\n.line 2 starts with a dot\r\n"
            + ".\r\nline 4\r\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] M2 = "Subject: two\r\n\r\nno final line end".getBytes(StandardCharsets.US_ASCII);
    static final byte[] M3 = "Subject: three\r\nX: y\r\n\r\nb1\r\nb2\r\nb3\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDir;

    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dataDir).start();
        server.deliver(ALICE, M1);
        server.deliver(ALICE, M2);
        server.deliver(ALICE, M3);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Connected to pop3s and logged in as alice. */
    RawClient alice() throws IOException {
        RawClient c = RawClient.tls(server.pop3sPort());
        assertThat(c.readLine()).startsWith("+OK");
        c.login(ALICE, ALICE_PASSWORD);
        return c;
    }

    @Test
    void greetingNamesTheHost() throws IOException {
        try (RawClient c = RawClient.plain(server.pop3Port())) {
            assertThat(c.readLine()).isEqualTo("+OK pop.example.test POP3 server ready");
        }
    }

    @Test
    void capaBeforeTlsOffersStlsAndHidesLogin() throws IOException {
        try (RawClient c = RawClient.plain(server.pop3Port())) {
            c.readLine();
            assertThat(c.command("CAPA")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE",
                    "PIPELINING", "STLS", "IMPLEMENTATION facteur");
        }
    }

    @Test
    void capaAfterStlsOffersLoginAndNoStls() throws IOException {
        try (RawClient c = RawClient.plain(server.pop3Port())) {
            c.readLine();
            assertThat(c.command("STLS")).startsWith("+OK");
            c.startTls();
            assertThat(c.command("CAPA")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).containsExactly("TOP", "UIDL", "USER", "SASL PLAIN", "RESP-CODES",
                    "AUTH-RESP-CODE", "PIPELINING", "IMPLEMENTATION facteur");
            c.login(ALICE, ALICE_PASSWORD);
            assertThat(c.command("STAT")).isEqualTo("+OK 3 " + (M1.length + M2.length + M3.length));
        }
    }

    @Test
    void capaOnImplicitTls() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("CAPA")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).contains("USER", "SASL PLAIN").doesNotContain("STLS");
            assertThat(c.command("STLS")).startsWith("-ERR");
        }
    }

    @Test
    void plaintextLoginIsRefusedBeforeStls() throws IOException {
        try (RawClient c = RawClient.plain(server.pop3Port())) {
            c.readLine();
            assertThat(c.command("USER " + ALICE)).startsWith("-ERR [AUTH] Plaintext authentication disallowed");
            assertThat(c.command("PASS " + ALICE_PASSWORD)).startsWith("-ERR [AUTH]");
            assertThat(c.command("AUTH PLAIN " + plain(ALICE, ALICE_PASSWORD))).startsWith("-ERR [AUTH]");
            assertThat(c.command("STAT")).startsWith("-ERR");
        }
    }

    @Test
    void plaintextLoginAllowedWhenConfigured(@TempDir Path other) throws IOException {
        try (TestServer lax = new TestServer(other, b -> b.allowPlaintextAuth(true)).start();
             RawClient c = RawClient.plain(lax.pop3Port())) {
            c.readLine();
            c.send("CAPA");
            c.readLine();
            assertThat(c.readMultiLineLines()).contains("USER", "SASL PLAIN", "STLS");
            c.login(ALICE, ALICE_PASSWORD);
            assertThat(c.command("STAT")).isEqualTo("+OK 0 0");
        }
    }

    @Test
    void stlsListenerWithoutCertificateOffersNoStls(@TempDir Path other) throws IOException {
        try (TestServer bare = new TestServer(other, b -> b.sslContext(null).pop3s(null)).start();
             RawClient c = RawClient.plain(bare.pop3Port())) {
            c.readLine();
            c.send("CAPA");
            c.readLine();
            assertThat(c.readMultiLineLines()).doesNotContain("STLS");
        }
    }

    @Test
    void wrongPasswordIsAnAuthFailureAndDelayed() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("USER " + ALICE)).startsWith("+OK");
            long start = System.nanoTime();
            assertThat(c.command("PASS wrong")).isEqualTo("-ERR [AUTH] Authentication failed");
            long first = System.nanoTime() - start;
            assertThat(first).isGreaterThanOrEqualTo(40_000_000L); // base delay 50 ms in tests
            assertThat(c.command("USER nobody@example.org")).startsWith("+OK");
            start = System.nanoTime();
            assertThat(c.command("PASS x")).isEqualTo("-ERR [AUTH] Authentication failed");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(90_000_000L); // doubled
            // the account is not locked: the right password still works, after the delay
            c.login(ALICE, ALICE_PASSWORD);
            assertThat(c.command("STAT")).startsWith("+OK 3 ");
        }
    }

    @Test
    void directoryFailureIsATemporaryFailureNotACountedOne(@TempDir Path other) throws IOException {
        org.facteur.guard.LoginThrottle throttle = TestServer.throttle(java.time.Duration.ofMillis(50),
                java.time.Duration.ofMillis(400));
        try (TestServer down = new TestServer(other).throttle(throttle).start();
             RawClient c = RawClient.tls(down.pop3sPort())) {
            c.readLine();
            down.directoryDown(true);
            assertThat(c.command("USER " + ALICE)).startsWith("+OK");
            assertThat(c.command("PASS " + ALICE_PASSWORD))
                    .isEqualTo("-ERR [SYS/TEMP] Authentication unavailable, try again later");
            assertThat(c.command("AUTH PLAIN " + plain(ALICE, ALICE_PASSWORD)))
                    .isEqualTo("-ERR [SYS/TEMP] Authentication unavailable, try again later");
            assertThat(throttle.recentFailures("127.0.0.1")).isZero();
            down.directoryDown(false);
            c.login(ALICE, ALICE_PASSWORD);
            assertThat(c.command("STAT")).isEqualTo("+OK 0 0");
        }
    }

    @Test
    void passWithoutUserIsRefused() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("PASS " + ALICE_PASSWORD)).startsWith("-ERR");
            assertThat(c.command("STAT")).startsWith("-ERR");
        }
    }

    @Test
    void tooManyFailuresCloseTheConnection(@TempDir Path other) throws IOException {
        try (TestServer strict = new TestServer(other, b -> b.maxAuthFailures(2))
                .throttle(TestServer.throttle(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5))).start();
             RawClient c = RawClient.tls(strict.pop3sPort())) {
            c.readLine();
            c.command("USER " + ALICE);
            assertThat(c.command("PASS bad1")).isEqualTo("-ERR [AUTH] Authentication failed");
            c.command("USER " + ALICE);
            assertThat(c.command("PASS bad2")).isEqualTo("-ERR [AUTH] Authentication failed, too many failures");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void userNameIsCaseInsensitiveAndPasswordMayHoldSpaces() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            c.login("Alice@Example.ORG", ALICE_PASSWORD); // "correct horse"
            assertThat(c.command("STAT")).startsWith("+OK 3 ");
        }
    }

    @Test
    void authPlainWithInitialResponse() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("AUTH PLAIN " + plain(ALICE, ALICE_PASSWORD))).startsWith("+OK");
            assertThat(c.command("STAT")).startsWith("+OK 3 ");
        }
    }

    @Test
    void authPlainWithContinuation() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.command(plain(ALICE, ALICE_PASSWORD))).startsWith("+OK");
            assertThat(c.command("LIST")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).containsExactly("1 " + M1.length, "2 " + M2.length, "3 " + M3.length);
        }
    }

    @Test
    void authPlainErrors() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("AUTH")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).containsExactly("PLAIN");
            assertThat(c.command("AUTH CRAM-MD5")).startsWith("-ERR");
            assertThat(c.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(c.command("*")).isEqualTo("-ERR AUTH cancelled");
            assertThat(c.command("AUTH PLAIN !!!notbase64")).startsWith("-ERR");
            assertThat(c.command("AUTH PLAIN " + plain(ALICE, "wrong"))).isEqualTo("-ERR [AUTH] Authentication failed");
            String other = Base64.getEncoder().encodeToString(
                    ("bob@example.org\0" + ALICE + "\0" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(c.command("AUTH PLAIN " + other)).startsWith("-ERR [AUTH]");
            String withSelf = Base64.getEncoder().encodeToString(
                    (ALICE + "\0" + ALICE + "\0" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(c.command("AUTH PLAIN " + withSelf)).startsWith("+OK");
        }
    }

    @Test
    void statListUidl() throws IOException {
        try (RawClient c = alice()) {
            assertThat(c.command("STAT")).isEqualTo("+OK 3 " + (M1.length + M2.length + M3.length));
            assertThat(c.command("LIST 2")).isEqualTo("+OK 2 " + M2.length);
            assertThat(c.command("LIST 9")).startsWith("-ERR");
            assertThat(c.command("UIDL")).startsWith("+OK");
            List<String> uidls = c.readMultiLineLines();
            assertThat(uidls).hasSize(3);
            long validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
            List<MessageRecord> records = server.store().messages(server.inbox(ALICE));
            for (int i = 0; i < 3; i++) {
                assertThat(uidls.get(i)).isEqualTo((i + 1) + " " + validity + "." + records.get(i).uid());
            }
            assertThat(c.command("UIDL 3")).isEqualTo("+OK " + uidls.get(2));
            assertThat(c.command("NOOP")).startsWith("+OK");
        }
    }

    @Test
    void retrIsByteExact() throws IOException {
        try (RawClient c = alice()) {
            assertThat(c.command("RETR 1")).isEqualTo("+OK " + M1.length + " octets");
            byte[] raw = c.readMultiLineRaw();
            assertThat(new String(raw, StandardCharsets.US_ASCII)).isEqualTo(
                    "From: a@example.org\r\nSubject: one\r\n\r\nline 1\r\n..line 2 starts with a dot\r\n"
                            + "..\r\nline 4\r\n.\r\n");
            assertThat(c.command("RETR 1")).startsWith("+OK");
            assertThat(c.readMultiLine()).isEqualTo(M1);
            assertThat(c.command("RETR 2")).startsWith("+OK");
            assertThat(new String(c.readMultiLineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: two\r\n\r\nno final line end\r\n.\r\n");
            assertThat(c.command("RETR 3")).startsWith("+OK");
            assertThat(c.readMultiLine()).isEqualTo(M3);
            assertThat(c.command("RETR 4")).startsWith("-ERR");
            assertThat(c.command("RETR x")).startsWith("-ERR");
            assertThat(c.command("RETR")).startsWith("-ERR");
        }
    }

    @Test
    void top() throws IOException {
        try (RawClient c = alice()) {
            assertThat(c.command("TOP 3 0")).startsWith("+OK");
            assertThat(new String(c.readMultiLineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: three\r\nX: y\r\n\r\n.\r\n");
            assertThat(c.command("TOP 3 2")).startsWith("+OK");
            assertThat(new String(c.readMultiLineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: three\r\nX: y\r\n\r\nb1\r\nb2\r\n.\r\n");
            assertThat(c.command("TOP 1 2")).startsWith("+OK");
            assertThat(new String(c.readMultiLineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo("From: a@example.org\r\nSubject: one\r\n\r\nline 1\r\n..line 2 starts with a dot\r\n.\r\n");
            assertThat(c.command("TOP 3 99")).startsWith("+OK");
            assertThat(c.readMultiLine()).isEqualTo(M3);
            assertThat(c.command("TOP 3")).startsWith("-ERR");
            assertThat(c.command("TOP 3 -1")).startsWith("-ERR");
            assertThat(c.command("TOP 7 1")).startsWith("-ERR");
        }
    }

    @Test
    void emptyMaildrop() throws IOException {
        server.addUser("bob@example.org", "pw");
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            c.login("bob@example.org", "pw");
            assertThat(c.command("STAT")).isEqualTo("+OK 0 0");
            assertThat(c.command("LIST")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).isEmpty();
            assertThat(c.command("UIDL")).startsWith("+OK");
            assertThat(c.readMultiLineLines()).isEmpty();
            assertThat(c.command("LIST 1")).startsWith("-ERR");
            assertThat(c.command("RETR 1")).startsWith("-ERR");
            assertThat(c.command("TOP 1 0")).startsWith("-ERR");
            assertThat(c.command("DELE 1")).startsWith("-ERR");
            assertThat(c.command("QUIT")).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void unreadableMessageIsATemporaryFailureAndTheSessionGoesOn() throws IOException {
        // A file the store cannot open (here a symbolic link to itself: ELOOP, even for root).
        Path cur = dataDir.resolve("mail/example.org/alice/cur");
        Path first;
        try (var files = Files.list(cur)) {
            first = files.filter(f -> f.getFileName().toString().contains(",U=1:")).findFirst().orElseThrow();
        }
        Files.delete(first);
        Files.createSymbolicLink(first, first.getFileName());
        try (RawClient c = alice()) {
            assertThat(c.command("RETR 1")).isEqualTo("-ERR [SYS/TEMP] Cannot read message 1");
            assertThat(c.command("TOP 1 0")).isEqualTo("-ERR [SYS/TEMP] Cannot read message 1");
            assertThat(c.command("RETR 3")).startsWith("+OK");
            assertThat(c.readMultiLine()).isEqualTo(M3);
            assertThat(c.command("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void deleThenRsetKeepsEverything() throws IOException {
        try (RawClient c = alice()) {
            assertThat(c.command("DELE 1")).startsWith("+OK");
            assertThat(c.command("DELE 1")).startsWith("-ERR");
            assertThat(c.command("RETR 1")).startsWith("-ERR");
            assertThat(c.command("STAT")).isEqualTo("+OK 2 " + (M2.length + M3.length));
            assertThat(c.command("RSET")).startsWith("+OK");
            assertThat(c.command("STAT")).isEqualTo("+OK 3 " + (M1.length + M2.length + M3.length));
            assertThat(c.command("QUIT")).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.store().messages(server.inbox(ALICE))).hasSize(3);
    }

    @Test
    void deleThenQuitRemovesFromTheStore() throws IOException {
        List<MessageRecord> before = server.store().messages(server.inbox(ALICE));
        try (RawClient c = alice()) {
            assertThat(c.command("DELE 1")).startsWith("+OK");
            assertThat(c.command("DELE 3")).startsWith("+OK");
            assertThat(server.store().messages(server.inbox(ALICE))).hasSize(3); // not before QUIT
            assertThat(c.command("QUIT")).isEqualTo("+OK pop.example.test POP3 server signing off (2 messages deleted)");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.store().messages(server.inbox(ALICE))).extracting(MessageRecord::uid)
                .containsExactly(before.get(1).uid());
    }

    @Test
    void droppedConnectionRemovesNothing() throws IOException {
        try (RawClient c = alice()) {
            assertThat(c.command("DELE 1")).startsWith("+OK");
        }
        try (RawClient c = alice()) {
            assertThat(c.command("STAT")).startsWith("+OK 3 ");
        }
    }

    @Test
    void mailArrivingDuringASessionAppearsInTheNext() throws IOException {
        try (RawClient c = alice()) {
            server.deliver(ALICE, "Subject: late\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.command("STAT")).startsWith("+OK 3 ");
            assertThat(c.command("RSET")).startsWith("+OK Maildrop has 3 messages");
            assertThat(c.command("LIST 4")).startsWith("-ERR");
            c.command("QUIT");
        }
        try (RawClient c = alice()) {
            assertThat(c.command("STAT")).startsWith("+OK 4 ");
        }
    }

    @Test
    void uidlIsStableAcrossSessionsAndRestarts() throws IOException {
        List<String> first;
        try (RawClient c = alice()) {
            c.send("UIDL");
            c.readLine();
            first = c.readMultiLineLines();
            c.command("DELE 1");
            c.command("QUIT");
        }
        try (RawClient c = alice()) {
            c.send("UIDL");
            c.readLine();
            assertThat(c.readMultiLineLines()).containsExactly("1 " + first.get(1).substring(2),
                    "2 " + first.get(2).substring(2));
        }
        server.restart();
        try (RawClient c = alice()) {
            c.send("UIDL");
            c.readLine();
            assertThat(c.readMultiLineLines()).containsExactly("1 " + first.get(1).substring(2),
                    "2 " + first.get(2).substring(2));
        }
    }

    @Test
    void pipelinedCommandsAnswerInOrder() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            // the PASS reply is computed off the I/O thread: what follows must wait for it
            c.sendRaw(("USER " + ALICE + "\r\nPASS " + ALICE_PASSWORD + "\r\nSTAT\r\nRETR 2\r\nDELE 2\r\nLIST 2\r\n"
                    + "TOP 3 1\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).startsWith("+OK");
            assertThat(c.readLine()).startsWith("+OK Logged in, 3 messages");
            assertThat(c.readLine()).startsWith("+OK 3 ");
            assertThat(c.readLine()).isEqualTo("+OK " + M2.length + " octets");
            assertThat(c.readMultiLine()).isEqualTo("Subject: two\r\n\r\nno final line end\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).startsWith("+OK");
            assertThat(c.readLine()).startsWith("-ERR");
            assertThat(c.readLine()).startsWith("+OK");
            assertThat(new String(c.readMultiLineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: three\r\nX: y\r\n\r\nb1\r\n.\r\n");
            assertThat(c.readLine()).startsWith("+OK");
        }
    }

    @Test
    void pipelinedAfterFailedLoginWaitsForTheDelayedReply() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            c.sendRaw(("USER " + ALICE + "\r\nPASS nope\r\nUSER " + ALICE + "\r\nPASS " + ALICE_PASSWORD
                    + "\r\nSTAT\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).startsWith("+OK");
            assertThat(c.readLine()).isEqualTo("-ERR [AUTH] Authentication failed");
            assertThat(c.readLine()).startsWith("+OK");
            assertThat(c.readLine()).startsWith("+OK Logged in");
            assertThat(c.readLine()).startsWith("+OK 3 ");
            assertThat(c.readLine()).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void twoSessionsOfOneUserAreBothSafe() throws IOException {
        try (RawClient first = alice(); RawClient second = alice()) {
            assertThat(first.command("DELE 1")).startsWith("+OK");
            assertThat(first.command("QUIT")).contains("1 messages deleted");
            // the second session keeps its numbering; the message the first removed is gone
            assertThat(second.command("STAT")).startsWith("+OK 3 ");
            assertThat(second.command("RETR 1")).isEqualTo("-ERR Message 1 was removed by another session");
            assertThat(second.command("RETR 2")).startsWith("+OK");
            assertThat(second.readMultiLine()).isEqualTo("Subject: two\r\n\r\nno final line end\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(second.command("DELE 1")).startsWith("+OK");
            assertThat(second.command("DELE 2")).startsWith("+OK");
            assertThat(second.command("QUIT")).startsWith("+OK");
        }
        assertThat(server.store().messages(server.inbox(ALICE))).hasSize(1);
    }

    @Test
    void unknownAndOutOfStateCommands() throws IOException {
        try (RawClient c = RawClient.tls(server.pop3sPort())) {
            c.readLine();
            assertThat(c.command("APOP alice x")).startsWith("-ERR");
            assertThat(c.command("XYZZY")).startsWith("-ERR");
            assertThat(c.command("RETR 1")).startsWith("-ERR");
            assertThat(c.command("DELE 1")).startsWith("-ERR");
            assertThat(c.command("QUIT")).startsWith("+OK");
        }
        try (RawClient c = alice()) {
            assertThat(c.command("USER " + ALICE)).startsWith("-ERR");
            assertThat(c.command("AUTH PLAIN")).startsWith("-ERR");
        }
    }

    @Test
    void oldTlsVersionsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RawClient.tls(server.pop3sPort(), "TLSv1.1").close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void connectionLimitPerAddress(@TempDir Path other) throws IOException {
        try (TestServer limited = new TestServer(other)
                .limits(new ConnectionLimits(1000, 2)).start();
             RawClient a = RawClient.plain(limited.pop3Port());
             RawClient b = RawClient.plain(limited.pop3Port())) {
            assertThat(a.readLine()).startsWith("+OK");
            assertThat(b.readLine()).startsWith("+OK");
            try (RawClient c = RawClient.plain(limited.pop3Port())) {
                assertThat(c.readLine()).isEqualTo("-ERR [SYS/TEMP] Too many connections, try again later");
                assertThat(c.closedByServer()).isTrue();
            }
            a.command("QUIT");
            a.closedByServer();
            // the freed place can be taken again
            long deadline = System.currentTimeMillis() + 5000;
            String greeting;
            do {
                try (RawClient d = RawClient.plain(limited.pop3Port())) {
                    greeting = d.readLine();
                }
            } while (!greeting.startsWith("+OK") && System.currentTimeMillis() < deadline);
            assertThat(greeting).startsWith("+OK");
        }
    }

    @Test
    void idleSessionsAreClosed(@TempDir Path other) throws IOException {
        try (TestServer quick = new TestServer(other, b -> b.idleTimeout(java.time.Duration.ofSeconds(1))).start();
             RawClient c = RawClient.plain(quick.pop3Port())) {
            c.readLine();
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat(System.nanoTime() - start).isLessThan(8_000_000_000L);
        }
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
