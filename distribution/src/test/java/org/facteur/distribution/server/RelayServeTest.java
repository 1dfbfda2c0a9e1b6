package org.facteur.distribution.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.facteur.distribution.Main;
import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.testing.SmtpSink;
import org.facteur.smtp.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code facteur serve}'s queue delivers remote mail by MX (dns.servers, outbound.port), retries on
 * queue.retry, and {@code facteur queue list|flush} act on it while it runs.
 */
class RelayServeTest {

    @TempDir
    Path dir;

    private TestDnsServer dns;
    private SmtpSink sink;
    private FacteurServer server;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.2");
        sink = new SmtpSink();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        sink.close();
        dns.close();
    }

    private Config config(String... extra) throws Exception {
        Path file = dir.resolve("facteur.conf");
        StringBuilder b = new StringBuilder("data = data\nhostname = mail.example.test\n");
        for (String l : List.of("smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s")) {
            if (List.of(extra).stream().noneMatch(e -> e.startsWith("listen." + l + " "))) {
                b.append("listen.").append(l).append(" = off\n");
            }
        }
        for (String e : extra) {
            b.append(e).append('\n');
        }
        b.append("dns.servers = 127.0.0.1:").append(dns.address().getPort()).append('\n');
        b.append("outbound.port = ").append(sink.port()).append('\n');
        b.append("queue.retry = 1h\n");
        Files.writeString(file, b.toString());
        return ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> "unused"));
    }

    @Test
    void deferredMailIsListedAndFlushedWithinASecond() throws Exception {
        sink.reply("bob@remote.test", "451 4.3.0 Try again later");
        Config config = config();
        String id = enqueue(config.dataDirectory(), "alice@localhost", "bob@remote.test");
        org.facteur.smtp.dkim.DkimKeys.in(config.dataDirectory()).ensure("localhost");
        server = FacteurServer.start(config, ServiceRegistry.ofThisBuild());

        long deadline = System.currentTimeMillis() + 15_000;
        String listing = "";
        while (System.currentTimeMillis() < deadline && !listing.contains("451")) {
            Thread.sleep(50);
            listing = cli("queue", "list", "--data", config.dataDirectory().toString());
        }
        assertThat(listing).contains(id).contains("from <alice@localhost>").contains("bob@remote.test")
                .contains("remote, next attempt").contains("1 attempt")
                .contains("last error: smtp; 451 4.3.0 Try again later (mx.remote.test)");
        assertThat(sink.messages()).isEmpty();

        sink.reply("bob@remote.test", "250 2.1.5 Ok");
        assertThat(cli("queue", "flush", "--data", config.dataDirectory().toString())).contains("Flush requested");
        // INTERFACE.md: the running server sees the change within 1 s (the command's own start-up is not the server's).
        long start = System.nanoTime();
        SmtpSink.Received got = sink.take(5);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(got.rcpts()).containsExactly("bob@remote.test");
        assertThat(got.helo()).isEqualTo("mail.example.test");
        // Signed on the way out with the sender's domain key (no From field: the envelope sender's domain).
        assertThat(got.text()).startsWith("DKIM-Signature: ").containsPattern("^DKIM-Signature: [^\\n]*d=localhost;")
                .containsPattern("^DKIM-Signature: [^\\n]*s=facteur;").contains("\r\nSubject: relay\r\n");
    }

    @Test
    void mailForwardedByAnAliasGoesOutByMx() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = FacteurServer.start(config("listen.smtp = 127.0.0.1:" + port), ServiceRegistry.ofThisBuild());
        server.context().directory().addAlias("fwd@localhost", List.of("bob@remote.test"));

        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            java.io.OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            out.write("HELO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
            for (String cmd : List.of("MAIL FROM:<carol@elsewhere.test>", "RCPT TO:<fwd@localhost>", "DATA")) {
                out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).as(cmd).matches("^(250|354).*");
            }
            out.write("Subject: forwarded\r\n\r\nhello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
        }

        SmtpSink.Received got = sink.take(15);
        assertThat(got).isNotNull();
        assertThat(got.rcpts()).containsExactly("bob@remote.test");
        assertThat(got.mailFrom()).startsWith("<carol@elsewhere.test>");
        assertThat(got.text()).startsWith("Received: ").contains("Subject: forwarded");
    }

    /** A message with one remote delivery, as reception leaves it (a forwarding alias). */
    private static String enqueue(Path data, String sender, String rcpt) {
        MailQueue queue = new MailQueue(data);
        MailQueue.Spool spool = queue.newSpool();
        byte[] body = "Subject: relay\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            spool.write(body, 0, body.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return spool.commit(new Envelope("", Instant.now(), "t", "127.0.0.1", "client.test", sender, 0, "", false, "", "",
                List.of(new Envelope.Recipient(rcpt, "", "")),
                List.of(new Envelope.Delivery(0, Envelope.Kind.REMOTE, rcpt, 0)))).queueId();
    }

    private static String cli(String... args) {
        CommandLine facteur = Main.commandLine();
        StringWriter out = new StringWriter();
        facteur.setOut(new PrintWriter(out, true));
        facteur.setErr(new PrintWriter(new StringWriter(), true));
        facteur.execute(args);
        return out.toString();
    }
}
