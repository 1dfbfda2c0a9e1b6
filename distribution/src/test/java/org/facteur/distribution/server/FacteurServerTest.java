package org.facteur.distribution.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigException;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.distribution.config.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service seam: what serve starts, reports and stops, with a stand-in listener. */
class FacteurServerTest {

    @TempDir
    Path dir;

    /** A listener that accepts connections and closes them: enough to see it bound and unbound. */
    static final class AcceptingListener implements Service {
        final ServerSocket socket;

        AcceptingListener(InetSocketAddress address) throws IOException {
            socket = new ServerSocket();
            socket.bind(address);
        }

        @Override
        public String description() {
            return "test on " + StartupReport.address((InetSocketAddress) socket.getLocalSocketAddress());
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private Config config(String... lines) throws IOException {
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "data = data\nhostname = mail.example.test\n" + String.join("\n", lines) + "\n");
        return ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> "unused"));
    }

    @Test
    void startsTheRegisteredListenersAndNamesTheOthersThenStopsThem() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Config config = config("listen.smtp = 127.0.0.1:" + port, "listen.imaps = off", "listen.pop3s = off");
        ServiceRegistry registry = new ServiceRegistry()
                .listener(Endpoint.SMTP, (address, context) -> new AcceptingListener(address));

        StringWriter report = new StringWriter();
        try (FacteurServer server = FacteurServer.start(config, registry)) {
            StartupReport.print(new PrintWriter(report), server, "./facteur", java.util.List.of());
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(client.isConnected()).isTrue();
            }
            assertThat(server.notInThisBuild()).containsExactly(Endpoint.SUBMISSION, Endpoint.SUBMISSIONS,
                    Endpoint.IMAP, Endpoint.POP3);
        }

        assertThat(report.toString().lines()).contains(
                "listening: test on 127.0.0.1:" + port,
                "not in this build yet (they come with later versions): submission *:2587, submissions *:2465,"
                        + " imap *:2143, pop3 *:2110",
                "domains: localhost; 0 users",
                "add a user: ./facteur user add alice@localhost");
        assertThat(report.toString()).contains("tls: self-signed certificate CN=mail.example.test");
        assertThat(dir.resolve("data/tls/cert.pem")).exists();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port)).isInstanceOf(IOException.class);
    }

    @Test
    void aListenerThatCannotBindIsReportedAgainstItsLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Config config = config("listen.imap = 127.0.0.1:" + taken.getLocalPort());
            ServiceRegistry registry = new ServiceRegistry()
                    .listener(Endpoint.IMAP, (address, context) -> new AcceptingListener(address));

            assertThatThrownBy(() -> FacteurServer.start(config, registry)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(dir.resolve("facteur.conf") + ":3: listen.imap: cannot listen on");
        }
        // Everything opened before the failure was closed: a second start finds the data directory free.
        FacteurServer.start(config("listen.imap = off"), new ServiceRegistry()).close();
    }

    @Test
    void aCertificateThatDoesNotMatchItsKeyIsReportedAgainstTheKeyLine() throws Exception {
        org.facteur.tls.TlsMaterial.selfSigned(dir.resolve("one"), "one.test");
        org.facteur.tls.TlsMaterial.selfSigned(dir.resolve("two"), "two.test");
        Config config = config("tls.cert = one/cert.pem", "tls.key = two/key.pem");

        assertThatThrownBy(() -> FacteurServer.start(config, new ServiceRegistry()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("facteur.conf") + ":4: tls.key: " + dir.resolve("two/key.pem")
                        + ": this private key does not belong to the certificate in " + dir.resolve("one/cert.pem"));
    }

    @Test
    void aSecondServerOnTheSameDataIsRefused() throws Exception {
        Config config = config();
        try (FacteurServer first = FacteurServer.start(config, new ServiceRegistry())) {
            assertThat(first.services()).isEmpty();
            assertThatThrownBy(() -> FacteurServer.start(config, new ServiceRegistry()))
                    .hasMessageContaining("another facteur process is serving");
        }
    }
}
