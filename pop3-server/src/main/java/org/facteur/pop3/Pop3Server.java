package org.facteur.pop3;

import java.time.Duration;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.AllButStartTlsLineChannelHandlerFactory;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.LineDelimiterBasedChannelHandlerFactory;
import org.apache.james.protocols.netty.NettyServer;
import org.apache.james.protocols.pop3.POP3Configuration;
import org.apache.james.protocols.pop3.POP3Protocol;
import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.mailbox.MailStore;
import org.facteur.pop3.protocol.Pop3Chain;
import org.facteur.pop3.protocol.Pop3Context;
import org.facteur.threads.DaemonThreads;
import org.facteur.threads.Pools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POP3 service: James Protocols POP3 on Netty, on up to two listeners, {@code listen.pop3}
 * (STLS, RFC 2595) and {@code listen.pop3s} (implicit TLS, RFC 8314), serving each user's INBOX
 * of the shared store. The worker threads are shared by both listeners; the failed-login
 * throttle and the connection limits are given, so that one process can share them between
 * every listener it runs (a failure on 110 slows the next login of that address on 995, and on
 * IMAP's ports), as INTERFACE.md promises: "on every protocol".
 */
public final class Pop3Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Server.class);
    /** RFC 1939 3 line limit is 512 octets; James's framer default leaves room for long AUTH lines. */
    private static final int MAX_LINE = 8192;

    private final Pop3Settings settings;
    private final MailStore store;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final ConnectionLimits limits;

    private ExecutorService workers;
    private NettyServer pop3;
    private NettyServer pop3s;

    public Pop3Server(Pop3Settings settings, MailStore store, Authenticator authenticator, LoginThrottle throttle,
                      ConnectionLimits limits) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Binds the configured listeners. */
    public synchronized void start() {
        if (workers != null) {
            throw new IllegalStateException("already started");
        }
        workers = Executors.newFixedThreadPool(settings.workerThreads(), DaemonThreads.named("pop3-worker"));
        try {
            if (settings.pop3().isPresent()) {
                Optional<Encryption> startTls = settings.sslContext().map(this::startTls);
                pop3 = listener(settings.pop3().get(), false, startTls,
                        new AllButStartTlsLineChannelHandlerFactory("stls", MAX_LINE));
            }
            if (settings.pop3s().isPresent()) {
                Encryption tls = Encryption.createTls(settings.sslContext().orElseThrow(), null, protocols(),
                        ClientAuth.NONE);
                pop3s = listener(settings.pop3s().get(), true, Optional.of(tls),
                        new LineDelimiterBasedChannelHandlerFactory(MAX_LINE));
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        pop3Address().ifPresent(a -> LOG.info("pop3.listening address={} tls=stls", a));
        pop3sAddress().ifPresent(a -> LOG.info("pop3.listening address={} tls=implicit", a));
    }

    private Encryption startTls(SSLContext context) {
        return Encryption.createStartTls(context, null, protocols(), ClientAuth.NONE);
    }

    private String[] protocols() {
        return settings.tlsProtocols().toArray(String[]::new);
    }

    private NettyServer listener(InetSocketAddress address, boolean implicitTls, Optional<Encryption> encryption,
                                 org.apache.james.protocols.netty.ChannelHandlerFactory framer) {
        Pop3Context context = new Pop3Context(settings, implicitTls, store, authenticator, throttle, limits,
                workers);
        POP3Protocol protocol = new POP3Protocol(Pop3Chain.build(context), new POP3Configuration());
        NettyServer.Factory factory = new NettyServer.Factory().protocol(protocol).frameHandlerFactory(framer);
        encryption.ifPresent(factory::secure);
        NettyServer server = factory.build();
        server.setListenAddresses(address);
        server.setTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toSeconds()));
        server.setGracefulShutdown(false);
        if (settings.ioThreads() > 0) {
            server.setIoWorkerCount(settings.ioThreads());
        }
        try {
            server.bind();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for POP3 on " + address + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** The bound address of the STLS listener (the real port when configured with port 0). */
    public synchronized Optional<InetSocketAddress> pop3Address() {
        return bound(pop3);
    }

    /** The bound address of the implicit-TLS listener. */
    public synchronized Optional<InetSocketAddress> pop3sAddress() {
        return bound(pop3s);
    }

    private static Optional<InetSocketAddress> bound(NettyServer server) {
        return server == null ? Optional.empty() : server.getListenAddresses().stream().findFirst();
    }

    /** Closes the listeners and every connection; idempotent. Deletions not yet QUIT are dropped. */
    public synchronized void stop() {
        List<NettyServer> servers = new ArrayList<>();
        if (pop3 != null) {
            servers.add(pop3);
        }
        if (pop3s != null) {
            servers.add(pop3s);
        }
        for (NettyServer s : servers) {
            try {
                s.unbind();
            } catch (RuntimeException e) {
                LOG.warn("pop3.unbind_failed", e);
            }
        }
        pop3 = null;
        pop3s = null;
        if (workers != null) {
            Pools.stop(workers, Duration.ofSeconds(5));
            workers = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
