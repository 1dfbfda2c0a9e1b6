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
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.tls.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3 in serve: listen.pop3 and listen.pop3s are two POP3 servers that share the process's
 * login throttle and connection limits, so a client address is counted once over both ports.
 */
class Pop3ListenerTest {

    private static final String ALICE = "alice@localhost";
    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;

    @Test
    void failuresOn110DelayLoginsOn995AndConnectionsCountOnce() throws Exception {
        int pop3 = freePort();
        int pop3s = freePort();
        Config config = config("listen.pop3 = 127.0.0.1:" + pop3, "listen.pop3s = 127.0.0.1:" + pop3s,
                "pop3.allow_plaintext_auth = true");
        ServiceRegistry registry = new ServiceRegistry();
        Pop3Listener.register(registry);
        try (FacteurServer server = FacteurServer.start(config, registry)) {
            ServerContext context = server.context();
            context.directory().addUser(ALICE, PASSWORD.toCharArray());
            SSLContext tls = TlsMaterial.fromPem(dir.resolve("data/tls/cert.pem"), dir.resolve("data/tls/key.pem"))
                    .trustingClientContext();

            try (Client plain = new Client(new Socket(InetAddress.getLoopbackAddress(), pop3));
                 Client secure = new Client(tls.getSocketFactory().createSocket("127.0.0.1", pop3s))) {
                assertThat(plain.line()).startsWith("+OK");
                assertThat(secure.line()).startsWith("+OK");
                assertThat(context.connectionLimits().total()).isEqualTo(2);

                assertThat(plain.command("USER " + ALICE)).startsWith("+OK");
                assertThat(plain.command("PASS wrong")).isEqualTo("-ERR [AUTH] Authentication failed");
                assertThat(context.loginThrottle().recentFailures("127.0.0.1")).isEqualTo(1);

                // After one failure of this address anywhere, even a right password waits 2 s on 995.
                assertThat(secure.command("USER " + ALICE)).startsWith("+OK");
                long start = System.nanoTime();
                assertThat(secure.command("PASS " + PASSWORD)).startsWith("+OK");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
                assertThat(secure.command("QUIT")).startsWith("+OK");
                assertThat(plain.command("QUIT")).startsWith("+OK");
            }
        }
    }

    private Config config(String... lines) throws IOException {
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "data = data\nhostname = mail.example.test\nlisten.smtp = off\nlisten.submission = off\n"
                + "listen.submissions = off\nlisten.imap = off\nlisten.imaps = off\n" + String.join("\n", lines) + "\n");
        return ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> "unused"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Line-at-a-time POP3 over a socket, plain or TLS. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        String line() throws IOException {
            return in.readLine();
        }

        String command(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return line();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
