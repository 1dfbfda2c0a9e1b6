package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.facteur.distribution.config.Endpoint;
import org.facteur.imap.ImapServer;
import org.facteur.imap.ImapSettings;

/**
 * IMAP in {@code facteur serve}: {@code listen.imap} (STARTTLS) and {@code listen.imaps} (implicit
 * TLS) as two listeners of one {@link ImapServer} over the shared store, checking passwords
 * against the directory. One server, so that both share the per-user session count and who sees
 * a message as {@code \Recent}; the login throttle and connection limits are the process's
 * (shared with POP3, see {@link ServerContext}). APPEND takes
 * messages up to {@code message.max_size}; large ones are spooled under {@code data/spool/imap}
 * while they arrive.
 */
final class ImapListener implements ListenerFactory {

    private final boolean implicitTls;
    private final SharedServer shared;

    private ImapListener(boolean implicitTls, SharedServer shared) {
        this.implicitTls = implicitTls;
        this.shared = shared;
    }

    static void register(ServiceRegistry registry) {
        SharedServer shared = new SharedServer();
        registry.listener(Endpoint.IMAP, new ImapListener(false, shared));
        registry.listener(Endpoint.IMAPS, new ImapListener(true, shared));
    }

    @Override
    public Service start(InetSocketAddress address, ServerContext context) throws IOException {
        ImapServer server = shared.acquire(context);
        InetSocketAddress bound;
        try {
            bound = server.bind(address, implicitTls);
        } catch (IllegalStateException e) {
            shared.release();
            throw new IOException(e.getMessage(), e);
        }
        return Service.of((implicitTls ? "imaps on " : "imap (STARTTLS) on ") + bound, () -> {
            server.unbind(bound);
            shared.release();
        });
    }

    /** The one server of both endpoints: started by the first listener, stopped with the last. */
    private static final class SharedServer {
        private ImapServer server;
        private int listeners;

        synchronized ImapServer acquire(ServerContext context) throws IOException {
            if (server == null) {
                Path spool = Files.createDirectories(context.config().dataDirectory().resolve("spool/imap"));
                ImapSettings settings = ImapSettings.builder()
                        .hostname(context.config().hostname())
                        .tls(context.tls())
                        .allowPlaintextAuth(context.config().imapAllowPlaintextAuth())
                        .appendLimit(context.config().messageMaxSize())
                        .quotaStorage(context.config().quotaStorage())
                        .spoolDirectory(spool)
                        .build();
                server = new ImapServer(settings, context.store(), context.directory()::authenticate,
                        context.loginThrottle(), context.connectionLimits());
                server.start();
            }
            listeners++;
            return server;
        }

        synchronized void release() {
            if (--listeners == 0) {
                server.stop();
                server = null;
            }
        }
    }
}
