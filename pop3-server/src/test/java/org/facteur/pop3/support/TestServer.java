package org.facteur.pop3.support;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.pop3.Authenticator;
import org.facteur.pop3.Pop3Server;
import org.facteur.pop3.Pop3Settings;

/**
 * A POP3 server for one test: a Maildir store in a temporary directory, users with passwords,
 * both listeners on free loopback ports with the test certificate, short login delays.
 */
public final class TestServer implements AutoCloseable {

    public static final String ALICE = "alice@example.org";
    public static final String ALICE_PASSWORD = "correct horse";

    private final Path dataDir;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final UnaryOperator<Pop3Settings.Builder> customise;
    private LoginThrottle throttle = throttle(Duration.ofMillis(50), Duration.ofMillis(400));
    private ConnectionLimits limits = new ConnectionLimits(1000, 20);
    private MaildirStore store;
    private volatile boolean directoryDown;
    private Pop3Server server;

    public TestServer(Path dataDir) {
        this(dataDir, b -> b);
    }

    public TestServer(Path dataDir, UnaryOperator<Pop3Settings.Builder> customise) {
        this.dataDir = dataDir;
        this.customise = customise;
        addUser(ALICE, ALICE_PASSWORD);
    }

    public TestServer start() {
        if (store == null) {
            store = MaildirStore.openExclusive(dataDir);
        }
        passwords.keySet().forEach(store::createAccount);
        Pop3Settings.Builder settings = Pop3Settings.builder()
                .hostname("pop.example.test")
                .pop3(new InetSocketAddress("127.0.0.1", 0))
                .pop3s(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(TestTls.get().serverContext())
                .ioThreads(2)
                .workerThreads(2);
        server = new Pop3Server(customise.apply(settings).build(), store, authenticator(), throttle, limits);
        server.start();
        return this;
    }

    /** A throttle with short delays, forgiving one failure a minute. */
    public static LoginThrottle throttle(Duration base, Duration cap) {
        return new LoginThrottle(base, cap, Duration.ofMinutes(1));
    }

    /** Uses {@code throttle} from the next {@link #start()}; call before it. */
    public TestServer throttle(LoginThrottle throttle) {
        this.throttle = throttle;
        return this;
    }

    /** Uses {@code limits} from the next {@link #start()}; call before it. */
    public TestServer limits(ConnectionLimits limits) {
        this.limits = limits;
        return this;
    }

    /** Stops the server and closes the store, as a process restart would. */
    public void restart() {
        server.stop();
        store.close();
        store = null;
        start();
    }

    public Authenticator authenticator() {
        return (user, password) -> {
            if (directoryDown) {
                throw new IllegalStateException("the directory's database is unreachable");
            }
            String canonical = user.toLowerCase(Locale.ROOT);
            String expected = passwords.get(canonical);
            return expected != null && expected.equals(new String(password)) ? Optional.of(canonical) : Optional.empty();
        };
    }

    /** While down, every password check fails with an exception, as the directory's would. */
    public void directoryDown(boolean down) {
        directoryDown = down;
    }

    public void addUser(String address, String password) {
        passwords.put(address, password);
        if (store != null) {
            store.createAccount(address);
        }
    }

    public MailStore store() {
        return store;
    }

    public Pop3Server server() {
        return server;
    }

    public MailboxId inbox(String user) {
        return store.mailbox(user, MailStore.INBOX).orElseThrow().id();
    }

    public AppendResult deliver(String user, byte[] message) {
        return store.append(inbox(user), new ByteArrayInputStream(message), Flags.NONE, Instant.now());
    }

    public int pop3Port() {
        return server.pop3Address().orElseThrow().getPort();
    }

    public int pop3sPort() {
        return server.pop3sAddress().orElseThrow().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            store.close();
        }
    }
}
