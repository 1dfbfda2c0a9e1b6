package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.facteur.distribution.config.Endpoint;
import org.facteur.imap.ImapServer;
import org.facteur.imap.ImapSettings;

/**
 * IMAP in {@code facteur serve}: an {@link ImapServer} for one endpoint, {@code listen.imap}
 * (STARTTLS) or {@code listen.imaps} (implicit TLS), over the shared store, checking passwords
 * against the directory. APPEND takes messages up to {@code message.max_size}; large ones are
 * spooled under {@code data/spool/imap} while they arrive.
 */
final class ImapListener implements ListenerFactory {

    private final boolean implicitTls;

    private ImapListener(boolean implicitTls) {
        this.implicitTls = implicitTls;
    }

    static void register(ServiceRegistry registry) {
        registry.listener(Endpoint.IMAP, new ImapListener(false));
        registry.listener(Endpoint.IMAPS, new ImapListener(true));
    }

    @Override
    public Service start(InetSocketAddress address, ServerContext context) throws IOException {
        Path spool = Files.createDirectories(context.config().dataDirectory().resolve("spool/imap"));
        ImapSettings.Builder settings = ImapSettings.builder()
                .hostname(context.config().hostname())
                .tls(context.tls())
                .allowPlaintextAuth(context.config().imapAllowPlaintextAuth())
                .appendLimit(context.config().messageMaxSize())
                .spoolDirectory(spool);
        if (implicitTls) {
            settings.imaps(address);
        } else {
            settings.imap(address);
        }
        ImapServer server = new ImapServer(settings.build(), context.store(), context.directory()::authenticate);
        try {
            server.start();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        InetSocketAddress bound = (implicitTls ? server.imapsAddress() : server.imapAddress()).orElse(address);
        return Service.of((implicitTls ? "imaps on " : "imap (STARTTLS) on ") + bound, server::stop);
    }
}
