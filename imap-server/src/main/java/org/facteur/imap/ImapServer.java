package org.facteur.imap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.ServerResources;
import org.facteur.imap.session.SessionHandler;
import org.facteur.mailbox.MailStore;
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

    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private ChannelGroup channels;
    private Channel imap;
    private Channel imaps;

    public ImapServer(ImapSettings settings, MailStore store, Authenticator authenticator) {
        this.settings = settings;
        this.store = store;
        this.authenticator = authenticator;
    }

    /** Binds the configured listeners. */
    public synchronized void start() {
        if (workers != null) {
            throw new IllegalStateException("already started");
        }
        workers = Executors.newFixedThreadPool(settings.workerThreads(), daemonThreads("imap-worker"));
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("imap-timer"));
        boss = new NioEventLoopGroup(1, daemonThreads("imap-accept"));
        io = new NioEventLoopGroup(settings.ioThreads(), daemonThreads("imap-io"));
        channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerResources resources = new ServerResources(settings, store, authenticator, workers, timer);
        try {
            if (settings.imap().isPresent()) {
                imap = bind(settings.imap().get(), false, resources);
            }
            if (settings.imaps().isPresent()) {
                imaps = bind(settings.imaps().get(), true, resources);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        imapAddress().ifPresent(a -> LOG.info("imap.listening address={} tls=starttls", a));
        imapsAddress().ifPresent(a -> LOG.info("imap.listening address={} tls=implicit", a));
    }

    private Channel bind(InetSocketAddress address, boolean implicitTls, ServerResources resources) {
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
            return bootstrap.bind(address).sync().channel();
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
        listeners.forEach(c -> c.close().syncUninterruptibly());
        imap = null;
        imaps = null;
        if (channels != null) {
            channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            channels = null;
        }
        if (workers != null) {
            workers.shutdown();
            timer.shutdownNow();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
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

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
