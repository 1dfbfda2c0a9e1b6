package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigKeys;
import org.facteur.distribution.config.Endpoint;
import org.facteur.smtp.reception.SmtpRole;
import org.facteur.smtp.reception.SmtpServer;
import org.facteur.smtp.reception.SmtpSettings;

/**
 * SMTP into the queue, in one of its roles: {@code listen.smtp} (MX: local recipients, no AUTH,
 * its own connection limits from {@code smtp.max_connections*}), {@code listen.submission}
 * (STARTTLS, then AUTH) and {@code listen.submissions} (implicit TLS, then AUTH). The submission
 * listeners check passwords against the directory and share the {@link ServerContext}'s login
 * throttle and connection limits with IMAP and POP3: they serve the same mail clients.
 */
final class SmtpListener implements ListenerFactory {

    private final QueueService queue;
    private final SmtpRole role;

    private SmtpListener(QueueService queue, SmtpRole role) {
        this.queue = queue;
        this.role = role;
    }

    static void register(ServiceRegistry registry, QueueService queue) {
        registry.listener(Endpoint.SMTP, new SmtpListener(queue, SmtpRole.MX));
        registry.listener(Endpoint.SUBMISSION, new SmtpListener(queue, SmtpRole.SUBMISSION));
        registry.listener(Endpoint.SUBMISSIONS, new SmtpListener(queue, SmtpRole.SUBMISSIONS));
    }

    @Override
    public Service start(InetSocketAddress address, ServerContext context) throws IOException {
        Config config = context.config();
        SmtpSettings.Builder settings = SmtpSettings.builder(address, config.hostname(), context.tls().sslContext())
                .role(role)
                .maxMessageSize(config.messageMaxSize())
                .quota(context.quota())
                .maxErrors(config.get(ConfigKeys.SMTP_MAX_ERRORS))
                .maxRecipients(config.get(ConfigKeys.SMTP_MAX_RECIPIENTS));
        SmtpServer server;
        if (role == SmtpRole.MX) {
            settings.connectionLimits(config.get(ConfigKeys.SMTP_MAX_CONNECTIONS),
                    config.get(ConfigKeys.SMTP_MAX_CONNECTIONS_PER_IP));
            server = new SmtpServer(settings.build(), context.directory(), queue.queue(), queue.runner());
        } else {
            server = new SmtpServer(settings.build(), context.directory(), queue.queue(), queue.runner(),
                    context.loginThrottle(), context.connectionLimits());
        }
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        return Service.of(description() + server.address(), server::stop);
    }

    private String description() {
        switch (role) {
            case SUBMISSION:
                return "submission (STARTTLS, AUTH) on ";
            case SUBMISSIONS:
                return "submissions (TLS, AUTH) on ";
            case MX:
            default:
                return "smtp on ";
        }
    }
}
