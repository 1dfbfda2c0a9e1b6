package org.facteur.smtp.reception;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.api.handler.CommandHandlerResultLogger;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ExpnCmdHandler;
import org.apache.james.protocols.smtp.core.NoopCmdHandler;
import org.apache.james.protocols.smtp.core.QuitCmdHandler;
import org.apache.james.protocols.smtp.core.RsetCmdHandler;
import org.apache.james.protocols.smtp.core.UnknownCmdHandler;
import org.apache.james.protocols.smtp.core.VrfyCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.StartTlsCmdHandler;
import org.facteur.directory.Directory;
import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.james.NoopMetricFactory;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP listener in one of its {@link SmtpRole roles}: James Protocols' SMTP on Netty, with
 * facteur's hooks for recipients ({@link RecipientHook}), DSN/SMTPUTF8/BODY parameters
 * ({@link EsmtpParameters}), data ({@link SpoolingDataCmdHandler}, {@link DataReceiver}) and
 * limits ({@link ConnectionGate}, {@link ErrorLimit}), handing every accepted message to the
 * {@link MailQueue}.
 *
 * <p>James's default chain is assembled by hand to leave out what we do not want: its in-memory
 * data path, {@code PostmasterAbuseRcptHook} (which accepts postmaster@ and abuse@ of any domain
 * before our recipient check), its AUTH handler and HELP. The MX role (RFC 5321) offers no AUTH:
 * relaying is never allowed there. The submission roles (RFC 6409) add {@link AuthHandler} (after
 * TLS only) and {@link SenderPolicy} (TLS, then AUTH, then an owned sender before MAIL); an
 * authenticated session may relay. Everything else is the same chain.
 */
public final class SmtpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SmtpSettings settings;
    private final Directory directory;
    private final MailQueue queue;
    private final QueueRunner runner;
    private final LoginThrottle loginThrottle;
    private final ConnectionLimits connectionLimits;
    private SingleThreadNettyServer server;
    private Committer committer;
    private Committer authPool;

    /** An MX listener, with connection limits of its own from the settings. */
    public SmtpServer(SmtpSettings settings, Directory directory, MailQueue queue, QueueRunner runner) {
        this(settings, directory, queue, runner, null, null);
    }

    /**
     * A listener in the settings' role.
     *
     * @param loginThrottle the failed-login delays (shared with IMAP and POP3); required by the
     *        submission roles, unused by MX
     * @param connectionLimits limits shared with other listeners, or null for limits of this
     *        listener's own from the settings
     */
    public SmtpServer(SmtpSettings settings, Directory directory, MailQueue queue, QueueRunner runner,
                      LoginThrottle loginThrottle, ConnectionLimits connectionLimits) {
        if (settings.role().authRequired()) {
            Objects.requireNonNull(loginThrottle, "a submission listener needs a login throttle");
        }
        this.settings = settings;
        this.directory = directory;
        this.queue = queue;
        this.runner = runner;
        this.loginThrottle = loginThrottle;
        this.connectionLimits = connectionLimits;
    }

    public synchronized void start() throws Exception {
        NoopMetricFactory metrics = new NoopMetricFactory();
        ErrorLimit errorLimit = new ErrorLimit(settings.maxErrors());
        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(metrics, false);
        chain.add(new SessionState.Opener());
        chain.add(new Utf8CommandDispatcher());
        chain.add(new Greeting.Ehlo(metrics));
        chain.add(new Greeting.Helo(metrics));
        chain.add(new Utf8MailCmdHandler(metrics));
        chain.add(new RouteIgnoringRcptCmdHandler(metrics));
        Committer commits = new Committer(settings.commitThreads(), "smtp-commit");
        Spooler spooler = new Spooler(queue, runner, commits, errorLimit, settings.maxMessageSize(), settings.hostname());
        chain.add(new SpoolingDataCmdHandler(metrics, spooler));
        chain.add(new BdatCmdHandler(spooler));
        chain.add(new RsetCmdHandler());
        chain.add(new NoopCmdHandler());
        chain.add(new QuitCmdHandler(metrics));
        chain.add(new VrfyCmdHandler());
        chain.add(new ExpnCmdHandler());
        chain.add(new SizeParameter(settings.maxMessageSize()));
        SmtpRole role = settings.role();
        if (!role.implicitTls()) {
            chain.add(new StartTlsCmdHandler());
        }
        Committer auth = null;
        if (role.authRequired()) {
            auth = new Committer(settings.authThreads(), "smtp-auth");
            chain.add(new AuthHandler(new LoginCheck(directory, loginThrottle, auth, errorLimit), errorLimit));
            chain.add(new SenderPolicy(directory));
        }
        chain.add(connectionLimits == null
                ? new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp())
                : new ConnectionGate(connectionLimits));
        chain.add(new UnknownCmdHandler(metrics));
        chain.add(new EsmtpParameters());
        chain.add(new RecipientHook(directory, settings.maxRecipients(), settings.quota()));
        chain.add(errorLimit);
        chain.add(new CommandHandlerResultLogger());
        chain.wireExtensibleHandlers();

        SMTPProtocol protocol = new SMTPProtocol(chain, new Configuration(settings));
        Encryption encryption = null;
        if (settings.tls() != null) {
            SSLContext tls = settings.tls();
            encryption = role.implicitTls()
                    ? Encryption.createTls(tls, strongCipherSuites(tls), PROTOCOLS.clone(), ClientAuth.NONE)
                    : Encryption.createStartTls(tls, strongCipherSuites(tls), PROTOCOLS.clone(), ClientAuth.NONE);
        }
        SingleThreadNettyServer netty = new SingleThreadNettyServer(protocol, encryption,
                pipeline -> new SmtpFramer(pipeline, settings.commandTimeout(), settings.dataTimeout()));
        netty.setListenAddresses(settings.listen());
        netty.setTimeout(0); // SmtpFramer runs our timeouts
        if (settings.ioThreads() > 0) {
            netty.setIoWorkerCount(settings.ioThreads());
        }
        // stop() does not wait for Netty's 2 s quiet period: a transaction cut short was never
        // acknowledged, and one that committed is in the queue either way.
        netty.setGracefulShutdown(false);
        try {
            netty.bind();
        } catch (Exception e) {
            commits.close();
            if (auth != null) {
                auth.close();
            }
            throw e;
        }
        server = netty;
        committer = commits;
        authPool = auth;
        LOG.info("smtp.listening role={} address={} hostname={} tls={} max_size={}", role.label(), address(),
                settings.hostname(), settings.tls() == null ? "none" : role.implicitTls() ? "implicit" : "starttls",
                settings.maxMessageSize());
    }

    /** The bound address (with the real port when the settings asked for port 0). */
    public synchronized InetSocketAddress address() {
        return server.getListenAddresses().get(0);
    }

    public int port() {
        return address().getPort();
    }

    /** Lets the commits in flight finish and answer, then closes the listener and its connections. */
    public synchronized void stop() {
        if (server != null) {
            committer.close();
            if (authPool != null) {
                authPool.close();
            }
            server.unbind();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Forward-secret AEAD suites only: TLS 1.3's, and TLS 1.2's ECDHE/DHE with GCM or
     * ChaCha20-Poly1305 (RFC 7525 4.2). No CBC, RSA key exchange, RC4, 3DES, NULL or anonymous.
     */
    static String[] strongCipherSuites(SSLContext tls) {
        return Arrays.stream(tls.getSupportedSSLParameters().getCipherSuites())
                .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_")
                        || ((s.startsWith("TLS_ECDHE_") || s.startsWith("TLS_DHE_"))
                        && (s.contains("_GCM_") || s.contains("CHACHA20"))))
                .filter(s -> !s.contains("_anon_") && !s.contains("NULL") && !s.contains("_CBC_"))
                .toArray(String[]::new);
    }

    /** James's configuration, answering from our settings. */
    private static final class Configuration extends SMTPConfigurationImpl {
        private final SmtpSettings settings;

        Configuration(SmtpSettings settings) {
            this.settings = settings;
        }

        @Override
        public String getHelloName() {
            return settings.hostname();
        }

        @Override
        public String getSoftwareName() {
            return "facteur";
        }

        @Override
        public String getGreeting() {
            return settings.hostname() + " ESMTP facteur";
        }

        @Override
        public long getMaxMessageSize() {
            return settings.maxMessageSize();
        }

        @Override
        public boolean isRelayingAllowed(String remoteIP) {
            return false;
        }

        @Override
        public boolean isAuthAnnounced(String remoteIP, boolean tlsStarted) {
            return false;
        }
    }
}
