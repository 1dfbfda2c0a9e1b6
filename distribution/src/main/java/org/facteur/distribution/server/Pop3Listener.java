package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.facteur.distribution.config.Endpoint;
import org.facteur.pop3.Pop3Server;
import org.facteur.pop3.Pop3Settings;

/**
 * POP3 in {@code facteur serve}: a {@link Pop3Server} for one endpoint, {@code listen.pop3}
 * (STLS) or {@code listen.pop3s} (implicit TLS), over the shared store, checking passwords
 * against the directory. Both endpoints (and later IMAP's) take the login throttle and the
 * connection limits of the {@link ServerContext}, so they count failures and connections of a
 * client address together.
 */
final class Pop3Listener implements ListenerFactory {

    private final boolean implicitTls;

    private Pop3Listener(boolean implicitTls) {
        this.implicitTls = implicitTls;
    }

    static void register(ServiceRegistry registry) {
        registry.listener(Endpoint.POP3, new Pop3Listener(false));
        registry.listener(Endpoint.POP3S, new Pop3Listener(true));
    }

    @Override
    public Service start(InetSocketAddress address, ServerContext context) throws IOException {
        Pop3Settings.Builder settings = Pop3Settings.builder()
                .hostname(context.config().hostname())
                .sslContext(context.tls().sslContext())
                .allowPlaintextAuth(context.config().pop3AllowPlaintextAuth());
        if (implicitTls) {
            settings.pop3s(address);
        } else {
            settings.pop3(address);
        }
        Pop3Server server = new Pop3Server(settings.build(), context.store(), context.directory()::authenticate,
                context.loginThrottle(), context.connectionLimits());
        try {
            server.start();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        InetSocketAddress bound = (implicitTls ? server.pop3sAddress() : server.pop3Address()).orElse(address);
        return Service.of((implicitTls ? "pop3s on " : "pop3 (STLS) on ") + bound, server::stop);
    }
}
