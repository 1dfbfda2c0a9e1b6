package org.facteur.distribution.server;

import java.time.Clock;
import java.time.Duration;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.Smarthost;
import org.facteur.smtp.delivery.DsnBouncer;
import org.facteur.smtp.dkim.DkimKeys;
import org.facteur.smtp.dkim.DkimSigner;
import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.delivery.RemoteDelivery;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueRunner;
import org.facteur.smtp.queue.RetrySchedule;
import org.facteur.smtp.relay.ClientSettings;
import org.facteur.smtp.relay.DnsClient;
import org.facteur.smtp.relay.MxResolver;
import org.facteur.smtp.relay.OutboundSigner;
import org.facteur.smtp.relay.Router;
import org.facteur.smtp.relay.SmarthostRouter;
import org.facteur.smtp.relay.Timeouts;

/**
 * The queue of {@code data/queue/} and its runner, started before the listeners that put mail in
 * it, so that what a crash left queued is delivered whether or not SMTP is configured. Remote
 * copies go out directly by MX ({@code dns.servers}, {@code outbound.port}) or through
 * {@code relay.smarthost}, DKIM-signed with the sending domain's key; failures are bounced to the sender.
 */
final class QueueService implements BackgroundFactory {

    /** Keeps deliveries in progress room on the disk, like Postfix's queue_minfree. */
    private static final long MIN_FREE_BYTES = 64L << 20;
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

    private MailQueue queue;
    private QueueRunner runner;

    @Override
    public synchronized Service start(ServerContext context) {
        Config config = context.config();
        queue = new MailQueue(config.dataDirectory(), MIN_FREE_BYTES);
        RemoteDelivery remote = new RemoteDelivery(queue, router(config), client(config), signer(config),
                RemoteDelivery.Limits.DEFAULT);
        LocalDelivery local = new LocalDelivery(context.store(), queue, context.directory()::userExists, context.quota());
        runner = new QueueRunner(queue, local, remote, new DsnBouncer(queue, config.hostname(), context.directory()::resolve),
                QueueRunner.DEFAULT_THREADS, QueueRunner.DEFAULT_RETRY_MILLIS,
                new RetrySchedule(config.queueRetry(), config.queueMaxAge()));
        runner.start();
        return Service.of("queue in " + queue.directory() + config.relaySmarthost().map(s -> " (relay via "
                + s.host() + ":" + s.port() + ")").orElse(""), this::stop);
    }

    /** Deliveries in progress end first; then the queue writes out what it still holds in memory. */
    private synchronized void stop() {
        runner.close();
        queue.close();
    }

    private static Router router(Config config) {
        return config.relaySmarthost().<Router>map(s -> new SmarthostRouter(s.host(), s.port()))
                .orElseGet(() -> new MxResolver(new DnsClient(config.dnsServers(), DNS_TIMEOUT), config.outboundPort()));
    }

    /** DKIM (RFC 6376) with the sending domain's key from {@code data/dkim/}, if it has one. */
    private static OutboundSigner signer(Config config) {
        DkimSigner dkim = new DkimSigner(DkimKeys.in(config.dataDirectory()), Clock.systemUTC());
        return (sender, content) -> dkim.signature(sender, content::open);
    }

    private static ClientSettings client(Config config) {
        return new ClientSettings(config.hostname(), Timeouts.RFC_5321, config.relaySmarthost()
                .flatMap(Smarthost::credentials)
                .map(c -> new ClientSettings.Credentials(c.user(), c.password())));
    }

    synchronized MailQueue queue() {
        if (queue == null) {
            throw new IllegalStateException("the queue starts before the listeners");
        }
        return queue;
    }

    synchronized QueueRunner runner() {
        queue();
        return runner;
    }
}
