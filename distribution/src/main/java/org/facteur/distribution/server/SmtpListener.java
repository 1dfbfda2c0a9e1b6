package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;

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
        SmtpSettings settings = SmtpSettings.builder(address, context.config().hostname(), context.tls().sslContext())
                .maxMessageSize(context.config().messageMaxSize())
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
