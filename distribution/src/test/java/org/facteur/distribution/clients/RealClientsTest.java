package org.facteur.distribution.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.facteur.distribution.config.Endpoint;
import org.facteur.distribution.testing.ExternalClient;
import org.facteur.distribution.testing.FacteurExtension;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.smtp.dkim.DkimKeys;
import org.facteur.smtp.testing.SmtpSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenario of issue 8 with Debian's own clients against one running server: swaks delivers
 * over SMTP, curl lists and fetches over IMAPS, mbsync mirrors the account both ways, Python's
 * imaplib in IDLE sees a delivery. Every comparison is with the bytes the store holds, which the
 * clients must get back exactly (up to the line-ending conversion a client documents doing).
 * fetchmail over POP3 with TLS is pop3-server's {@code FetchmailTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClientsTest {

    private static final String ALICE = "alice@example.test";
    private static final String PASSWORD = "correct horse";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    /** The remote side: an MX on 127.0.0.2 (outbound.port points at it). */
    private static final SmtpSink SINK = started(SmtpSink::new);

    @RegisterExtension
    static final FacteurExtension facteur = FacteurExtension.withUser(ALICE, PASSWORD)
            .with("outbound.port", String.valueOf(SINK.port()));

    @AfterAll
    static void stopRemoteSide() {
        SINK.close();
    }

    private static final byte[] FIRST = ("From: Carol <carol@remote.test>\r\nTo: alice@example.test\r\n"
            + "Subject: by swaks\r\nMessage-ID: <1@remote.test>\r\n\r\nHello Alice,\r\n.a line with a leading dot\r\n"
            + "\u00e9t\u00e9 in UTF-8, and a long line: " + "x".repeat(1200) + "\r\n").getBytes(StandardCharsets.UTF_8);

    @Test
    @Order(1)
    void swaksDeliversOverSmtp() throws Exception {
        // swaks ends the data with CRLF.CRLF itself: the file holds the message without its last line end.
        Path data = Files.write(facteur.directory().resolve("first.eml"), Arrays.copyOf(FIRST, FIRST.length - 2));
        ExternalClient.require("swaks").run(facteur.directory(), new byte[0], CLIENT_TIMEOUT,
                "--server", "127.0.0.1", "--port", String.valueOf(facteur.port(Endpoint.SMTP)),
                "--helo", "client.remote.test", "--from", "carol@remote.test", "--to", "Alice@Example.TEST",
                "--data", data.toString()).succeeded();

        String stored = text(awaitInbox(1).get(0));
        assertThat(stored).startsWith("Return-Path: <carol@remote.test>\r\nReceived: from client.remote.test");
        assertThat(stored.substring(stored.indexOf("\r\nFrom: Carol") + 2))
                .as("the message after our two header fields, byte-exact").isEqualTo(text(FIRST));
    }

    @Test
    @Order(2)
    void curlListsMailboxesAndFetchesTheMessageOverImaps() {
        ExternalClient curl = ExternalClient.require("curl");
        String list = curl.run(facteur.directory(), new byte[0], CLIENT_TIMEOUT, curlArgs("/")).succeeded().out();
        assertThat(list).contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n").contains(" \\Sent) ");

        byte[] fetched = curl.run(facteur.directory(), new byte[0], CLIENT_TIMEOUT, curlArgs("/INBOX;UID=1"))
                .succeeded().stdout();
        assertThat(text(fetched)).isEqualTo(text(inbox().get(0)));
    }

    @Test
    @Order(3)
    void mbsyncMirrorsTheAccountBothWays() throws Exception {
        ExternalClient mbsync = ExternalClient.require("mbsync");
        Path local = facteur.directory().resolve("mbsync");
        // A message written on the near side first: mbsync uploads it with APPEND into a folder it creates.
        byte[] drafted = "From: alice@example.test\nSubject: written offline\n\nuploaded by mbsync\n"
                .getBytes(StandardCharsets.US_ASCII);
        Path archive = Files.createDirectories(local.resolve("Archive"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(archive.resolve(sub));
        }
        Files.write(archive.resolve("cur/1764000000.1.near:2,S"), drafted);
        Path rc = Files.writeString(facteur.directory().resolve("mbsyncrc"), String.join("\n",
                "IMAPAccount facteur", "Host localhost", "Port " + facteur.port(Endpoint.IMAPS), "User " + ALICE,
                "Pass \"" + PASSWORD + "\"", "SSLType IMAPS", "CertificateFile " + facteur.certificate(), "",
                "IMAPStore far", "Account facteur", "",
                "MaildirStore near", "Path " + local + "/", "Inbox " + local.resolve("INBOX"), "SubFolders Verbatim", "",
                "Channel all", "Far :far:", "Near :near:", "Patterns *", "Create Both", "Expunge None",
                "SyncState *", "") );

        mbsync.run(facteur.directory(), new byte[0], CLIENT_TIMEOUT, "-c", rc.toString(), "-a").succeeded();

        // isync's Maildir side stores LF line ends (it converts CRLF on the way in) and adds its
        // own X-TUID header field to what it propagates.
        assertThat(filesOf(local.resolve("INBOX")).stream().map(m -> withoutTuid(text(m))))
                .containsExactlyInAnyOrderElementsOf(inbox().stream().map(m -> text(lf(m))).toList());
        MailStore store = facteur.server().context().store();
        MailboxId uploaded = store.mailbox(ALICE, "Archive").orElseThrow().id();
        List<byte[]> onServer = contents(uploaded);
        assertThat(onServer).hasSize(1);
        assertThat(withoutTuid(text(lf(onServer.get(0))))).isEqualTo(text(drafted));
        assertThat(store.messages(uploaded).get(0).flags().toString()).contains("Seen");
    }

    @Test
    @Order(4)
    void imaplibInIdleSeesAnSmtpDeliveryWithinOneSecond() throws Exception {
        ExternalClient python = ExternalClient.require("python3");
        Path script = Files.writeString(facteur.directory().resolve("idle.py"), String.join("\n",
                "import imaplib, ssl, sys",
                "tls = ssl.create_default_context(cafile=sys.argv[2])",
                "m = imaplib.IMAP4_SSL('localhost', int(sys.argv[1]), ssl_context=tls)",
                "m.login(sys.argv[3], sys.argv[4])",
                "m.select('INBOX')",
                "m.send(b'i1 IDLE\\r\\n')",
                "assert m.readline().startswith(b'+'), 'no continuation for IDLE'",
                "print('idling', flush=True)",
                "while True:",
                "    line = m.readline()",
                "    if not line or line.endswith(b' EXISTS\\r\\n'):",
                "        break",
                "print(line.decode().strip(), flush=True)",
                "m.send(b'DONE\\r\\n')",
                "while not m.readline().startswith(b'i1 OK'):",
                "    pass",
                "m.logout()", ""));
        Process idle = python.start(facteur.directory(), script.toString(), String.valueOf(facteur.port(Endpoint.IMAPS)),
                facteur.certificate().toString(), ALICE, PASSWORD);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(idle.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("idling");
            int before = inbox().size();

            long accepted = sendOverSmtp("Subject: while idling\r\n\r\nping\r\n");
            String pushed = out.readLine();
            long elapsedMillis = (System.nanoTime() - accepted) / 1_000_000;

            System.out.printf("imaplib in IDLE: %s %d ms after the 250%n", pushed, elapsedMillis);
            assertThat(pushed).isEqualTo("* " + (before + 1) + " EXISTS");
            assertThat(elapsedMillis).as("from 250 to the EXISTS in imaplib, ms").isLessThan(1000);
            assertThat(idle.waitFor()).as("imaplib's exit; it said: %s", drain(out)).isZero();
        } finally {
            idle.destroyForcibly();
        }
    }

    @Test
    @Order(5)
    void swaksSubmitsOver587WithStartTlsAndAuth() throws Exception {
        byte[] message = ("From: Alice <alice@example.test>\r\nTo: alice@example.test\r\nSubject: note to self\r\n"
                + "Message-ID: <5@example.test>\r\n\r\nsubmitted by swaks").getBytes(StandardCharsets.US_ASCII);
        Path data = Files.write(facteur.directory().resolve("submitted.eml"), message);
        int before = inbox().size();
        String transcript = ExternalClient.require("swaks").run(facteur.directory(), new byte[0], CLIENT_TIMEOUT,
                "--server", "127.0.0.1", "--port", String.valueOf(facteur.port(Endpoint.SUBMISSION)),
                "--tls", "--auth", "PLAIN", "--auth-user", ALICE, "--auth-password", PASSWORD,
                "--helo", "laptop.example.test", "--from", ALICE, "--to", ALICE, "--data", data.toString())
                .succeeded().out();
        assertThat(transcript).contains("=== TLS started with cipher TLSv1.3").contains("<~  235 2.7.0");

        String stored = text(awaitInbox(before + 1).get(before));
        assertThat(stored).startsWith("Return-Path: <alice@example.test>\r\n").contains(" with ESMTPSA ");
        assertThat(stored.substring(stored.indexOf("\r\nFrom: Alice") + 2)).isEqualTo(text(message) + "\r\n");
    }

    @Test
    @Order(6)
    void swaksSubmitsToARemoteAddressAndTheSinkGetsItDkimSignedAsPython3DkimVerifies() throws Exception {
        facteur.dns().mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.2");
        // What facteur domain add does for a domain: its DKIM key.
        DkimKeys keys = DkimKeys.in(facteur.server().context().config().dataDirectory());
        keys.ensure("example.test");
        byte[] message = ("From: Alice <alice@example.test>\r\nTo: bob@remote.test\r\nSubject: to the world\r\n"
                + "Message-ID: <6@example.test>\r\n\r\nsigned and relayed").getBytes(StandardCharsets.US_ASCII);
        Path data = Files.write(facteur.directory().resolve("outbound.eml"), message);
        ExternalClient.require("swaks").run(facteur.directory(), new byte[0], CLIENT_TIMEOUT,
                "--server", "127.0.0.1", "--port", String.valueOf(facteur.port(Endpoint.SUBMISSION)),
                "--tls", "--auth", "PLAIN", "--auth-user", ALICE, "--auth-password", PASSWORD,
                "--helo", "laptop.example.test", "--from", ALICE, "--to", "bob@remote.test", "--data", data.toString())
                .succeeded();

        SmtpSink.Received received = SINK.take(30);
        assertThat(received).as("the sink on 127.0.0.2 got the message within 30 s").isNotNull();
        assertThat(received.mailFrom()).startsWith("<" + ALICE + ">");
        assertThat(received.rcpts()).containsExactly("bob@remote.test");
        String relayed = text(received.data());
        assertThat(relayed).startsWith("DKIM-Signature:").endsWith("\r\n" + text(message) + "\r\n");

        Path signed = Files.write(facteur.directory().resolve("relayed.eml"), received.data());
        String verdict = ExternalClient.require("python3").run(facteur.directory(), new byte[0], CLIENT_TIMEOUT, "-c",
                "import sys, dkim\n"
                + "record = sys.argv[2].encode()\n"
                + "dns = lambda name, timeout=5: record if name == b'facteur._domainkey.example.test.' else None\n"
                + "print(dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=dns))\n",
                signed.toString(), keys.publicRecord("example.test").orElseThrow()).succeeded().out().strip();
        assertThat(verdict).as("python3-dkim's verdict").isEqualTo("True");
    }

    private static String[] curlArgs(String path) {
        int port = facteur.port(Endpoint.IMAPS);
        return new String[] {"--silent", "--show-error", "--cacert", facteur.certificate().toString(),
            "--resolve", "localhost:" + port + ":127.0.0.1", "--user", ALICE + ":" + PASSWORD,
            "imaps://localhost:" + port + path};
    }

    /** Sends a message to alice over SMTP; returns System.nanoTime() when the 250 for its data arrived. */
    private static long sendOverSmtp(String message) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", facteur.port(Endpoint.SMTP))) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            reply(in, "220");
            out.write(("EHLO client.remote.test\r\nMAIL FROM:<carol@remote.test>\r\nRCPT TO:<" + ALICE + ">\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            reply(in, "250");
            reply(in, "250");
            reply(in, "250");
            reply(in, "354");
            out.write((message + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            reply(in, "250");
            long accepted = System.nanoTime();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return accepted;
        }
    }

    /** Reads one reply (all its lines) and checks its code. */
    private static void reply(InputStream in, String code) throws IOException {
        String line;
        do {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                b.write(c);
            }
            line = b.toString(StandardCharsets.US_ASCII);
            assertThat(line).startsWith(code);
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private static List<byte[]> inbox() {
        return contents(facteur.server().context().store().mailbox(ALICE, "INBOX").orElseThrow().id());
    }

    private static List<byte[]> awaitInbox(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<byte[]> messages = inbox();
        while (messages.size() < count) {
            assertThat(System.nanoTime()).as("the queue delivered within 10 s").isLessThan(deadline);
            Thread.sleep(50);
            messages = inbox();
        }
        return messages;
    }

    private static List<byte[]> contents(MailboxId mailbox) {
        MailStore store = facteur.server().context().store();
        List<byte[]> all = new ArrayList<>();
        for (MessageRecord m : store.messages(mailbox)) {
            try (InputStream in = store.content(mailbox, m.uid(), 0, m.size())) {
                all.add(in.readAllBytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return all;
    }

    private static List<byte[]> filesOf(Path maildir) throws IOException {
        List<byte[]> all = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                for (Path f : files.toList()) {
                    all.add(Files.readAllBytes(f));
                }
            }
        }
        return all;
    }

    private static byte[] lf(byte[] crlf) {
        return new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> T started(Starter<T> starter) {
        try {
            return starter.start();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bytes as text for comparisons (a mismatch then shows as text, not as numbers): ISO-8859-1 maps octets 1:1. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String withoutTuid(String message) {
        return message.replaceFirst("(?m)^X-TUID: .*\n", "");
    }

    private static String drain(BufferedReader out) throws IOException {
        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.append(line).append('\n');
        }
        return rest.toString();
    }

}
