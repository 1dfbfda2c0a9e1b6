package org.facteur.imap.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.facteur.imap.Authenticator;
import org.facteur.imap.ImapServer;
import org.facteur.imap.ImapSettings;
import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.tls.TlsMaterial;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An IMAP server for one test: a Maildir store in a temporary directory, users with passwords,
 * both listeners on free loopback ports with a throwaway certificate, short login delays.
 *
 * <p>As a JUnit 5 extension it makes its own directory and starts before each test (before the
 * class's {@code @BeforeEach} methods), and stops and deletes it after (after {@code @AfterEach}):
 * {@code @RegisterExtension final TestServer server = TestServer.perTest();}.
 */
public final class TestServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    public static final String ALICE = "alice@example.org";
    public static final String BOB = "bob@example.org";
    public static final String PASSWORD = "correct horse";

    private static TlsMaterial tls;

    private Path dataDir;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final UnaryOperator<ImapSettings.Builder> customise;
    private MaildirStore store;
    private ImapServer server;

    public TestServer(Path dataDir) {
        this(dataDir, b -> b);
    }

    public TestServer(Path dataDir, UnaryOperator<ImapSettings.Builder> customise) {
        this.dataDir = dataDir;
        this.customise = customise;
        passwords.put(ALICE, PASSWORD);
        passwords.put(BOB, PASSWORD);
    }

    /** A server started for each test in a directory of its own (see the class comment). */
    public static TestServer perTest() {
        return perTest(b -> b);
    }

    public static TestServer perTest(UnaryOperator<ImapSettings.Builder> customise) {
        return new TestServer(null, customise);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("facteur-imap-test");
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The directory holding the store and the spool. */
    public Path dataDir() {
        return dataDir;
    }

    public static synchronized TlsMaterial tls() {
        if (tls == null) {
            tls = TlsMaterial.ephemeral("localhost");
        }
        return tls;
    }

    public static SSLContext clientTls() {
        return tls().trustingClientContext();
    }

    public TestServer start() {
        if (dataDir == null) {
            throw new IllegalStateException("a per-test server starts itself before each test");
        }
        store = MaildirStore.openExclusive(dataDir.resolve("data"));
        passwords.keySet().forEach(store::createAccount);
        ImapSettings.Builder settings = ImapSettings.builder()
                .hostname("imap.example.test")
                .imap(new InetSocketAddress("127.0.0.1", 0))
                .imaps(new InetSocketAddress("127.0.0.1", 0))
                .tls(tls())
                .loginDelay(Duration.ofMillis(50), Duration.ofMillis(400))
                .ioThreads(2)
                .workerThreads(4)
                .spoolDirectory(dataDir);
        server = new ImapServer(customise.apply(settings).build(), store, authenticator());
        server.start();
        return this;
    }

    private Authenticator authenticator() {
        return (user, password) -> {
            String canonical = user.toLowerCase(Locale.ROOT);
            String expected = passwords.get(canonical);
            return expected != null && expected.equals(new String(password)) ? Optional.of(canonical) : Optional.empty();
        };
    }

    /** Another account that can log in with {@link #PASSWORD}, created in a running server. */
    public void addUser(String user) {
        passwords.put(user, PASSWORD);
        store.createAccount(user);
    }

    public MailStore store() {
        return store;
    }

    public MailboxId mailbox(String user, String name) {
        return store.mailbox(user, name).orElseThrow().id();
    }

    public AppendResult deliver(String user, String message) {
        return store.append(mailbox(user, MailStore.INBOX),
                new ByteArrayInputStream(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Flags.NONE,
                Instant.now());
    }

    public int imapPort() {
        return server.imapAddress().orElseThrow().getPort();
    }

    public int imapsPort() {
        return server.imapsAddress().orElseThrow().getPort();
    }

    /** Logged in as {@code user} over implicit TLS, greeting read. */
    public ImapClient login(String user) throws java.io.IOException {
        ImapClient c = ImapClient.tls(imapsPort());
        c.readLine();
        c.ok("LOGIN " + user + " \"" + PASSWORD + "\"");
        return c;
    }

    /** Stops and starts again on the same directory: what the store keeps on disk survives. */
    public TestServer restart() {
        close();
        return start();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
