package org.facteur.imap;

import java.time.Duration;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.ServerResources;
import org.facteur.imap.session.SessionHandler;
import org.facteur.mailbox.MailStore;
import org.facteur.threads.DaemonThreads;
import org.facteur.threads.Pools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP service on Netty: up to two listeners, {@code listen.imap} (STARTTLS) and
 * {@code listen.imaps} (implicit TLS, RFC 8314), sharing connection limits, the failed-login
 * throttle and the worker pool that runs commands.
 */
public final class ImapServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapServer.class);

    private final ImapSettings settings;
    private final MailStore store;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final ConnectionLimits limits;

    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private ChannelGroup channels;
    private ServerResources resources;
    private Channel imap;
    private Channel imaps;
    private final List<Channel> extra = new ArrayList<>();

    /** A server with its own login throttle and connection limits, from the settings. */
    public ImapServer(ImapSettings settings, MailStore store, Authenticator authenticator) {
        this(settings, store, authenticator,
                new LoginThrottle(settings.loginDelayBase(), settings.loginDelayCap(), settings.loginForgiveAfter()),
                new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerIp()));
    }

    /**
     * A server whose login throttle and connection limits are the process's (INTERFACE.md: a
     * failed login slows the client down on every protocol); the settings' own values for them
     * are then unused.
     */
    public ImapServer(ImapSettings settings, MailStore store, Authenticator authenticator, LoginThrottle throttle,
                      ConnectionLimits limits) {
        this.settings = settings;
        this.store = store;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.limits = limits;
    }

    /** Starts the shared parts (worker pool, limits, throttle) and binds the configured listeners. */
    public synchronized void start() {
        if (workers != null) {
            throw new IllegalStateException("already started");
        }
        workers = Executors.newFixedThreadPool(settings.workerThreads(), DaemonThreads.named("imap-worker"));
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("imap-timer"));
        boss = new NioEventLoopGroup(1, DaemonThreads.named("imap-accept"));
        io = new NioEventLoopGroup(settings.ioThreads(), DaemonThreads.named("imap-io"));
        channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        resources = new ServerResources(settings, store, authenticator, throttle, limits, workers, timer);
        try {
            if (settings.imap().isPresent()) {
                imap = open(settings.imap().get(), false);
            }
            if (settings.imaps().isPresent()) {
                imaps = open(settings.imaps().get(), true);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Binds one more listener sharing this server's limits, throttle, sessions and {@code \Recent}
     * state (the distribution starts {@code listen.imap} and {@code listen.imaps} one by one);
     * returns its bound address. Closed by {@link #unbind} or {@link #stop}.
     */
    public synchronized InetSocketAddress bind(InetSocketAddress address, boolean implicitTls) {
        if (workers == null) {
            throw new IllegalStateException("not started");
        }
        if (implicitTls && settings.tls().isEmpty()) {
            throw new IllegalArgumentException("implicit TLS needs a TLS certificate");
        }
        Channel channel = open(address, implicitTls);
        extra.add(channel);
        return (InetSocketAddress) channel.localAddress();
    }

    /** Closes a listener added by {@link #bind}; its sessions go on. */
    public synchronized void unbind(InetSocketAddress bound) {
        extra.removeIf(c -> {
            if (c.localAddress().equals(bound)) {
                c.close().syncUninterruptibly();
                return true;
            }
            return false;
        });
    }

    private Channel open(InetSocketAddress address, boolean implicitTls) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        String remote = ch.remoteAddress() == null ? "unknown"
                                : ch.remoteAddress().getAddress().getHostAddress();
                        ImapSession session = new ImapSession(resources, ch, implicitTls, remote);
                        if (implicitTls) {
                            ch.pipeline().addLast("tls", new SslHandler(settings.tls().orElseThrow().newServerEngine()));
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(settings.idleTimeout().toSeconds(), 0, 0,
                                TimeUnit.SECONDS));
                        ch.pipeline().addLast("decoder", session.decoder());
                        ch.pipeline().addLast("session", new SessionHandler(session));
                    }
                });
        try {
            Channel channel = bootstrap.bind(address).sync().channel();
            LOG.info("imap.listening address={} tls={}", channel.localAddress(), implicitTls ? "implicit" : "starttls");
            return channel;
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for IMAP on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound address of the STARTTLS listener (the real port when configured with port 0). */
    public synchronized Optional<InetSocketAddress> imapAddress() {
        return bound(imap);
    }

    /** The bound address of the implicit-TLS listener. */
    public synchronized Optional<InetSocketAddress> imapsAddress() {
        return bound(imaps);
    }

    private static Optional<InetSocketAddress> bound(Channel channel) {
        return channel == null ? Optional.empty() : Optional.of((InetSocketAddress) channel.localAddress());
    }

    /** Closes the listeners and every connection, waits for running commands; idempotent. */
    public synchronized void stop() {
        List<Channel> listeners = new ArrayList<>();
        if (imap != null) {
            listeners.add(imap);
        }
        if (imaps != null) {
            listeners.add(imaps);
        }
        listeners.addAll(extra);
        extra.clear();
        listeners.forEach(c -> c.close().syncUninterruptibly());
        imap = null;
        imaps = null;
        if (channels != null) {
            channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            channels = null;
        }
        if (workers != null) {
            timer.shutdownNow();
            Pools.stop(workers, Duration.ofSeconds(5));
            workers = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
            io = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
