package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigKeys;
import org.facteur.smtp.reception.SmtpServer;
import org.facteur.smtp.reception.SmtpSettings;

/** SMTP reception on {@code listen.smtp} (the MX role: local recipients, no AUTH) into the queue. */
final class SmtpListener implements ListenerFactory {

    private final QueueService queue;

    SmtpListener(QueueService queue) {
        this.queue = queue;
    }

    @Override
    public Service start(InetSocketAddress address, ServerContext context) throws IOException {
        Config config = context.config();
        SmtpSettings settings = SmtpSettings.builder(address, config.hostname(), context.tls().sslContext())
                .maxMessageSize(config.messageMaxSize())
                .connectionLimits(config.get(ConfigKeys.SMTP_MAX_CONNECTIONS),
                        config.get(ConfigKeys.SMTP_MAX_CONNECTIONS_PER_IP))
                .maxErrors(config.get(ConfigKeys.SMTP_MAX_ERRORS))
                .maxRecipients(config.get(ConfigKeys.SMTP_MAX_RECIPIENTS))
                .build();
        SmtpServer server = new SmtpServer(settings, context.directory(), queue.queue(), queue.runner());
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        return Service.of("smtp on " + server.address(), server::stop);
    }
}
