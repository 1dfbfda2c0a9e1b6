package org.facteur.smtp.delivery;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.RemoteTransport;
import org.facteur.smtp.relay.ClientSettings;
import org.facteur.smtp.relay.DeliveryFailure;
import org.facteur.smtp.relay.DeliveryResult;
import org.facteur.smtp.relay.OutboundMessage;
import org.facteur.smtp.relay.OutboundSigner;
import org.facteur.smtp.relay.Route;
import org.facteur.smtp.relay.Router;
import org.facteur.smtp.relay.SmtpConnection;
import org.facteur.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote delivery: the queue's remote copies, grouped by destination domain, each group one
 * SMTP transaction (all its recipients at once). Each domain has its own line of waiting
 * transactions and at most {@code perDomain} connections working on it; a connection takes
 * transaction after transaction from its domain's line (several messages over one connection,
 * up to {@code perConnection}), and ends with QUIT when the line is empty. The whole process
 * has at most {@code maxConnections} connections at once.
 *
 * <p>Hosts are tried in the {@link Router}'s order until one accepts the session; when none
 * does, or the domain has no route, every transaction waiting for that domain gets the same
 * result (temporary: retried by the queue; permanent: bounced).
 */
public final class RemoteDelivery implements RemoteTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteDelivery.class);

    /** Connections at once: to one domain, and in all. Postfix's defaults are 20 and 100. */
    public record Limits(int perDomain, int maxConnections, int perConnection) {
        public static final Limits DEFAULT = new Limits(20, 100, 100);
    }

    private record Job(Envelope envelope, List<Envelope.Delivery> deliveries,
                       Consumer<Map<Integer, DeliveryResult>> done) {
    }

    /** One destination's waiting transactions and how many connections serve it. Guarded by {@link #domains}. */
    private static final class Line {
        final ArrayDeque<Job> jobs = new ArrayDeque<>();
        int workers;
    }

    private final MailQueue queue;
    private final Router router;
    private final ClientSettings client;
    private final OutboundSigner signer;
    private final Limits limits;
    private final ExecutorService pool;
    private final Map<String, Line> domains = new HashMap<>();
    private final Set<SmtpConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    public RemoteDelivery(MailQueue queue, Router router, ClientSettings client, OutboundSigner signer, Limits limits) {
        this.queue = queue;
        this.router = router;
        this.client = client;
        this.signer = signer;
        this.limits = limits;
        this.pool = Executors.newFixedThreadPool(limits.maxConnections(), DaemonThreads.named("smtp-out"));
    }

    @Override
    public void deliver(Envelope envelope, List<Envelope.Delivery> due, Consumer<Map<Integer, DeliveryResult>> done) {
        Map<String, List<Envelope.Delivery>> byDomain = new LinkedHashMap<>();
        for (Envelope.Delivery d : due) {
            byDomain.computeIfAbsent(domainOf(d.target()), k -> new ArrayList<>()).add(d);
        }
        byDomain.forEach((domain, deliveries) -> enqueue(domain, new Job(envelope, deliveries, done)));
    }

    private void enqueue(String domain, Job job) {
        synchronized (domains) {
            Line line = domains.computeIfAbsent(domain, d -> new Line());
            line.jobs.add(job);
            if (line.workers < limits.perDomain()) {
                line.workers++;
                try {
                    pool.execute(() -> work(domain, line));
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // Shutting down: the message stays queued for the next start.
                    line.workers--;
                }
            }
        }
    }

    private Job next(String domain, Line line) {
        synchronized (domains) {
            Job job = line.jobs.poll();
            if (job == null) {
                line.workers--;
                if (line.workers == 0) {
                    domains.remove(domain, line);
                }
            }
            return job;
        }
    }

    /** Ends this worker; if it was the domain's last, hands back what waits (to be failed). */
    private List<Job> retire(String domain, Line line) {
        synchronized (domains) {
            line.workers--;
            if (line.workers > 0) {
                return List.of();
            }
            domains.remove(domain, line);
            List<Job> all = new ArrayList<>(line.jobs);
            line.jobs.clear();
            return all;
        }
    }

    /** One connection's life: transactions for {@code domain} until its line is empty. */
    private void work(String domain, Line line) {
        SmtpConnection connection = null;
        int sent = 0;
        try {
            Job job;
            while ((job = next(domain, line)) != null) {
                if (connection != null && (!connection.usable() || sent >= limits.perConnection())) {
                    quit(connection);
                    connection = null;
                }
                if (connection == null) {
                    try {
                        connection = connect(domain);
                        sent = 0;
                    } catch (DeliveryFailure f) {
                        DeliveryResult r = DeliveryResult.of(f);
                        LOG.info("relay.no_connection domain={} status={} detail=\"{}\"", domain, f.status(), f.getMessage());
                        finish(job, r);
                        // Alone, this connection speaks for the domain: what waits would meet the same
                        // failure now. Beside working ones (a server limiting connections), it just stops.
                        retire(domain, line).forEach(j -> finish(j, r));
                        return;
                    }
                }
                sent++;
                if (!send(connection, job)) {
                    quit(connection);
                    connection = null;
                }
            }
        } finally {
            if (connection != null) {
                quit(connection);
            }
        }
    }

    private SmtpConnection connect(String domain) throws DeliveryFailure {
        List<Route> routes = router.routes(domain);
        DeliveryFailure last = DeliveryFailure.temporary("4.4.4", "no host to deliver to for " + domain);
        for (Route route : routes) {
            try {
                SmtpConnection c = SmtpConnection.open(route, client);
                open.add(c);
                return c;
            } catch (DeliveryFailure f) {
                LOG.info("relay.host_failed domain={} host={} detail=\"{}\"", domain, route.host(), f.getMessage());
                last = f;
            }
        }
        throw last;
    }

    /** One transaction; false if the connection broke. The job always gets its results. */
    private boolean send(SmtpConnection c, Job job) {
        Envelope e = job.envelope();
        List<String> recipients = job.deliveries().stream().map(Envelope.Delivery::target).toList();
        OutboundMessage.Content content = () -> queue.open(e.queueId());
        try {
            byte[] prefix = signer.headersToPrepend(e.sender(), content);
            OutboundMessage m = new OutboundMessage(e.sender(), recipients, e.size() + prefix.length,
                    "8BITMIME".equalsIgnoreCase(e.body()), e.smtpUtf8(), prefix, content, mailDsn(e),
                    job.deliveries().stream().map(d -> rcptDsn(e, d)).toList());
            List<DeliveryResult> results = c.send(m);
            Map<Integer, DeliveryResult> byIndex = new HashMap<>();
            for (int i = 0; i < results.size(); i++) {
                byIndex.put(job.deliveries().get(i).index(), results.get(i));
            }
            report(job, byIndex);
            return c.usable();
        } catch (IOException | RuntimeException ex) {
            finish(job, DeliveryResult.temporary("4.4.2", "lost connection with " + c.host() + " while sending: "
                    + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()), c.host()));
            return false;
        }
    }

    /** RFC 3461 4.3-4.4, as the client gave them (ENVID is still xtext). */
    private static String mailDsn(Envelope e) {
        String ret = e.dsnRet().isEmpty() ? "" : "RET=" + e.dsnRet();
        String envid = e.dsnEnvelopeId().isEmpty() ? "" : "ENVID=" + e.dsnEnvelopeId();
        return (ret + " " + envid).trim();
    }

    /** RFC 3461 4.1-4.2: NOTIFY and ORCPT of the RCPT this delivery came from. */
    private static String rcptDsn(Envelope e, Envelope.Delivery d) {
        if (d.recipient() < 0 || d.recipient() >= e.recipients().size()) {
            return "";
        }
        Envelope.Recipient r = e.recipients().get(d.recipient());
        String notify = r.dsnNotify().isEmpty() ? "" : "NOTIFY=" + r.dsnNotify();
        String orcpt = r.originalRecipient().isEmpty() ? "" : "ORCPT=" + r.originalRecipient();
        return (notify + " " + orcpt).trim();
    }

    private void finish(Job job, DeliveryResult r) {
        Map<Integer, DeliveryResult> all = new HashMap<>();
        job.deliveries().forEach(d -> all.put(d.index(), r));
        report(job, all);
    }

    private void report(Job job, Map<Integer, DeliveryResult> results) {
        if (closing) {
            // Cut short by the shutdown, not by the remote side: no attempt is recorded, so the
            // next start tries these at once.
            return;
        }
        try {
            job.done().accept(results);
        } catch (RuntimeException e) {
            // The queue could not record it (disk full?): the delivery is tried again after a restart.
            LOG.error("relay.report_failed queue={} error=\"{}\"", job.envelope().queueId(), e.getMessage(), e);
        }
    }

    private void quit(SmtpConnection c) {
        open.remove(c);
        c.quit();
    }

    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** Stops: connections are closed; what they were sending stays queued for the next start. */
    @Override
    public void close() {
        closing = true;
        pool.shutdownNow();
        open.forEach(SmtpConnection::close);
        try {
            pool.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
