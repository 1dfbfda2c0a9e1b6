package org.facteur.distribution.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.distribution.config.Endpoint;
import org.facteur.distribution.server.FacteurServer;
import org.facteur.distribution.server.ServiceRegistry;
import org.facteur.smtp.testing.TestDnsServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole server, in this JVM, in one line:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final FacteurExtension facteur = FacteurExtension.withUser("alice@example.test", "correct horse");
 * </pre>
 *
 * <p>Before the class's first test it starts a DNS server on loopback ({@link #dns()}: real DNS
 * over UDP, answering what the test tells it, the server's {@code dns.servers}), writes a
 * configuration file with every listener on a free loopback port, starts {@code facteur serve}'s {@link FacteurServer} on a fresh data directory
 * (self-signed certificate for {@value #HOSTNAME} and {@code localhost}, generated as on a first
 * start), and adds the user with its domain and mailbox; after the last test it stops the server
 * and deletes the directory. Nothing is mocked: the same services, store and directory as serve.
 */
public final class FacteurExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String HOSTNAME = "mail.example.test";

    private final String user;
    private final String password;
    private final Map<String, String> extraKeys = new LinkedHashMap<>();
    private final Map<Endpoint, Integer> ports = new EnumMap<>(Endpoint.class);
    private Path directory;
    private TestDnsServer dns;
    private FacteurServer server;

    private FacteurExtension(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** A server whose directory holds this one user (and its domain). */
    public static FacteurExtension withUser(String address, String password) {
        return new FacteurExtension(address, password);
    }

    /** One more configuration line, e.g. {@code with("message.max_size", "1000")}. */
    public FacteurExtension with(String key, String value) {
        extraKeys.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    /** Starts the server (outside JUnit: a benchmark or the soak test); {@link #close} stops it. */
    public FacteurExtension start() throws IOException {
        directory = Files.createTempDirectory("facteur-test");
        dns = new TestDnsServer();
        StringBuilder config = new StringBuilder("hostname = " + HOSTNAME + "\ndata = data\n"
                + "dns.servers = 127.0.0.1:" + dns.address().getPort() + "\n");
        for (Endpoint endpoint : Endpoint.values()) {
            ports.put(endpoint, freePort());
            config.append(endpoint.key()).append(" = 127.0.0.1:").append(ports.get(endpoint)).append('\n');
        }
        extraKeys.forEach((key, value) -> config.append(key).append(" = ").append(value).append('\n'));
        Path file = Files.writeString(directory.resolve("facteur.conf"), config);
        Config loaded = ConfigLoader.load(Optional.of(file), Optional.empty(), new Defaults(false, () -> HOSTNAME));
        server = FacteurServer.start(loaded, ServiceRegistry.ofThisBuild());
        String domain = user.substring(user.indexOf('@') + 1);
        server.context().directory().addDomain(domain);
        server.context().directory().addUser(user, password.toCharArray());
        server.context().store().createAccount(user);
        return this;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (directory != null) {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(FacteurExtension::delete);
            }
        }
    }

    /** Another user, in the first user's domain or one already added. */
    public void addUser(String address, String password) {
        server.context().directory().addUser(address, password.toCharArray());
        server.context().store().createAccount(address);
    }

    /** The server's resolver: add the MX, A and TXT records a test needs (remote domains on 127.0.0.2...). */
    public TestDnsServer dns() {
        return dns;
    }

    public FacteurServer server() {
        return server;
    }

    public int port(Endpoint endpoint) {
        return ports.get(endpoint);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A scratch directory that lives as long as the server (the data directory is inside it). */
    public Path directory() {
        return directory;
    }

    /** The server's certificate (PEM), for clients that verify it: {@code curl --cacert}, mbsync... */
    public Path certificate() {
        return server.context().config().dataDirectory().resolve("tls/cert.pem");
    }

    /** A TLS client context that trusts the server's certificate. */
    public SSLContext clientTls() {
        return server.context().tls().trustingClientContext();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
