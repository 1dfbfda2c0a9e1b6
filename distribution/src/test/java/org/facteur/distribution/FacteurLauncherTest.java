package org.facteur.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.facteur.distribution.config.Endpoint;
import org.facteur.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./facteur} launcher as a user runs it, from another directory, on a
 * temporary data directory. Runs after {@code package}, so the launcher finds its build fresh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FacteurLauncherTest {

    private static final Path LAUNCHER = Path.of("..", "facteur").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void dataDirectory() {
        data = dir.resolve("data");
    }

    private static List<String> facteur(String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        command.add("--data");
        command.add(data.toString());
        return command;
    }

    private static ChildProcess.Result run(String stdin, String... args) throws Exception {
        ChildProcess.Result result = ChildProcess.run(dir, stdin, facteur(args));
        assertThat(result.err()).as("the launcher found its build fresh").doesNotContain("building with Maven");
        return result;
    }

    @Test
    @Order(1)
    void addsADomainAndAUserThenListsIt() throws Exception {
        assertThat(run("", "domain", "add", "example.test").exit()).isZero();

        ChildProcess.Result add = run("correct horse\n", "user", "add", "alice@example.test", "--password-stdin");
        assertThat(add.err()).isEmpty();
        assertThat(add.exit()).isZero();

        ChildProcess.Result list = run("", "user", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo("alice@example.test\n");
    }

    @Test
    @Order(2)
    void aBadConfigurationLineStopsWithExitCode2AndOneLine() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.conf"), "hostname = mail.example.test\n\nqueue.max_age = 5x\n");

        ChildProcess.Result result = run("", "serve", "--config", config.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(
                config + ":3: queue.max_age: \"5x\" is not a duration (use a number with s, m, h or d)\n");
    }

    @Test
    @Order(3)
    void servesAcceptsAdminCommandsMeanwhileAndStopsOnSigtermWithin10Seconds() throws Exception {
        Path config = Files.writeString(dir.resolve("facteur.conf"), loopbackConfiguration());

        try (ChildProcess serve = ChildProcess.start(dir, facteur("serve", "--config", config.toString()))) {
            serve.awaitLine("running; stop with", Duration.ofSeconds(90));
            assertThat(serve.stdout()).contains("serving mail.example.test, data in " + data)
                    .contains("tls: self-signed certificate CN=mail.example.test")
                    .doesNotContain("not in this build yet")
                    .contains("listening: submission (STARTTLS, AUTH) on ", "listening: submissions (TLS, AUTH) on ")
                    .contains("add a user: " + LAUNCHER + " user add --config " + config + " --data " + data + " alice@");
            assertThat(data.resolve("tls/cert.pem")).exists();
            assertThat(data.resolve("tls/key.pem")).exists();

            // H2's auto-server lets an admin command share the data directory with the server.
            ChildProcess.Result add = run("pw\n", "user", "add", "bob@localhost", "--password-stdin");
            assertThat(add.err()).isEmpty();
            assertThat(add.exit()).isZero();
            assertThat(run("", "user", "list").out()).isEqualTo("alice@example.test\nbob@localhost\n");
            assertThat(serve.isAlive()).isTrue();

            long start = System.nanoTime();
            serve.terminate();
            ChildProcess.Result stopped = serve.awaitExit(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            // 143: the JVM's exit status after SIGTERM (128 + 15), which the systemd unit counts as success.
            assertThat(stopped.exit()).isIn(0, 143);
            assertThat(stopped.out()).contains("Shutdown [facteur-shutdown] stopped");
        }
    }

    @Test
    @Order(4)
    void aMessageDroppedIntoTheMaildirIsReadByteExactOverPop3s() throws Exception {
        // Another program's delivery into new/: the store indexes it at start, POP3 serves it.
        byte[] message = ("From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: hello\r\n\r\n"
                + "Hi Alice,\r\n.a line that starts with a dot\r\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(data.resolve("mail/example.test/alice/new/1764000000.M1P1.elsewhere"), message);
        String config = loopbackConfiguration();
        int pop3s = Integer.parseInt(config.replaceAll("(?s).*listen\\.pop3s = 127\\.0\\.0\\.1:(\\d+).*", "$1"));
        Path configFile = Files.writeString(dir.resolve("pop3.conf"), config);

        try (ChildProcess serve = ChildProcess.start(dir, facteur("serve", "--config", configFile.toString()))) {
            serve.awaitLine("running; stop with", Duration.ofSeconds(90));
            assertThat(serve.stdout()).contains("listening: pop3s on ").contains("listening: pop3 (STLS) on ");

            SSLContext trusting = TlsMaterial.fromPem(data.resolve("tls/cert.pem"), data.resolve("tls/key.pem"))
                    .trustingClientContext();
            try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", pop3s)) {
                socket.setSoTimeout(20_000);
                LineClient pop3 = new LineClient(socket);
                assertThat(pop3.line()).startsWith("+OK");
                assertThat(pop3.command("USER alice@example.test")).startsWith("+OK");
                assertThat(pop3.command("PASS correct horse")).startsWith("+OK");
                assertThat(pop3.command("RETR 1")).startsWith("+OK");
                assertThat(pop3.dotTerminatedBody()).isEqualTo(message);
                assertThat(pop3.command("QUIT")).startsWith("+OK");
            }
            serve.terminate();
            serve.awaitExit(Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(5)
    void aMessageSentOverSmtpIsReadByteExactOverPop3s() throws Exception {
        byte[] message = ("From: Carol <carol@remote.test>\r\nTo: alice@example.test\r\nSubject: via SMTP\r\n\r\n"
                + "Hello,\r\n..stuffed dot line\r\n").getBytes(StandardCharsets.US_ASCII);
        String config = loopbackConfiguration();
        int smtp = port(config, "smtp");
        int pop3s = port(config, "pop3s");
        Path configFile = Files.writeString(dir.resolve("smtp.conf"), config);

        try (ChildProcess serve = ChildProcess.start(dir, facteur("serve", "--config", configFile.toString()))) {
            serve.awaitLine("running; stop with", Duration.ofSeconds(90));
            assertThat(serve.stdout()).contains("listening: smtp on ");

            try (Socket socket = new Socket("127.0.0.1", smtp)) {
                socket.setSoTimeout(20_000);
                LineClient client = new LineClient(socket);
                assertThat(client.line()).startsWith("220 ");
                assertThat(client.command("EHLO client.remote.test")).startsWith("250");
                client.skipContinuations();
                assertThat(client.command("MAIL FROM:<carol@remote.test>")).startsWith("250");
                assertThat(client.command("RCPT TO:<Alice@Example.TEST>")).startsWith("250");
                assertThat(client.command("RCPT TO:<nobody@example.test>")).startsWith("550 5.1.1");
                assertThat(client.command("RCPT TO:<victim@elsewhere.test>")).startsWith("550 5.7.1");
                assertThat(client.command("DATA")).startsWith("354");
                // Dot-stuffed on the wire; the stored message has it unstuffed.
                client.send(new String(message, StandardCharsets.US_ASCII).replace("\r\n.", "\r\n..") + ".\r\n");
                assertThat(client.line()).startsWith("250");
                assertThat(client.command("QUIT")).startsWith("221");
            }

            byte[] retrieved = retrieveLast(pop3s);
            String text = new String(retrieved, StandardCharsets.US_ASCII);
            assertThat(text).startsWith("Return-Path: <carol@remote.test>\r\n").contains("Received: from client.remote.test");
            byte[] tail = Arrays.copyOfRange(retrieved, retrieved.length - message.length, retrieved.length);
            assertThat(tail).isEqualTo(message);
            serve.terminate();
            serve.awaitExit(Duration.ofSeconds(10));
        }
    }

    private static int port(String config, String label) {
        return Integer.parseInt(config.replaceAll("(?s).*listen\\." + label + " = 127\\.0\\.0\\.1:(\\d+).*", "$1"));
    }

    /** The newest message of alice's INBOX over POP3S, waiting for the queue to deliver it. */
    private static byte[] retrieveLast(int pop3s) throws Exception {
        SSLContext trusting = TlsMaterial.fromPem(data.resolve("tls/cert.pem"), data.resolve("tls/key.pem"))
                .trustingClientContext();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", pop3s)) {
                socket.setSoTimeout(20_000);
                LineClient pop3 = new LineClient(socket);
                pop3.line();
                pop3.command("USER alice@example.test");
                assertThat(pop3.command("PASS correct horse")).startsWith("+OK");
                String[] stat = pop3.command("STAT").split(" ");
                int count = Integer.parseInt(stat[1]);
                if (count >= 2) {
                    assertThat(pop3.command("RETR " + count)).startsWith("+OK");
                    byte[] body = pop3.dotTerminatedBody();
                    pop3.command("QUIT");
                    return body;
                }
                pop3.command("QUIT");
            }
            assertThat(System.nanoTime()).as("the message reached the INBOX within 10 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** A line-protocol client speaking CRLF lines, with RFC 1939's dot-stuffed multi-line replies. */
    private static final class LineClient {
        private final InputStream in;
        private final OutputStream out;

        LineClient(Socket socket) throws IOException {
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        String command(String line) throws IOException {
            send(line + "\r\n");
            return line();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Reads the rest of a multi-line SMTP reply whose first line was "250-". */
        void skipContinuations() throws IOException {
            String line;
            do {
                line = line();
            } while (line.length() > 3 && line.charAt(3) == '-');
        }

        String line() throws IOException {
            return new String(rawLine(), StandardCharsets.US_ASCII).stripTrailing();
        }

        private byte[] rawLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toByteArray();
        }

        byte[] dotTerminatedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                byte[] line = rawLine();
                if (Arrays.equals(line, ".\r\n".getBytes(StandardCharsets.US_ASCII))) {
                    return body.toByteArray();
                }
                int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
                body.write(line, skip, line.length - skip);
            }
        }
    }

    /** Every listener on a free loopback port, so that later builds with real listeners pass too. */
    private static String loopbackConfiguration() throws IOException {
        StringBuilder config = new StringBuilder("hostname = mail.example.test\n");
        for (Endpoint endpoint : Endpoint.values()) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                config.append(endpoint.key()).append(" = 127.0.0.1:").append(probe.getLocalPort()).append('\n');
            }
        }
        return config.toString();
    }
}
