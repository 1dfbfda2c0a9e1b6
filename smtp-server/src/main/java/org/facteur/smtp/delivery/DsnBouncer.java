package org.facteur.smtp.delivery;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.facteur.directory.Resolution;
import org.facteur.smtp.queue.Bouncer;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounces: the DSN ({@link DsnMessage}) enters the queue like any message, from {@code <>}
 * (RFC 5321 4.5.5), to the original sender, routed by the directory as reception would (a local
 * sender gets it in their INBOX, a remote one by remote delivery). No DSN goes to {@code <>}:
 * a bounce that cannot be delivered is dropped, never bounced (RFC 3461 6.2, RFC 5321 6.1).
 * Recipients whose NOTIFY (RFC 3461 4.1) is NEVER or lacks FAILURE are not reported. Delay
 * notices (NOTIFY=DELAY) are not sent.
 */
public final class DsnBouncer implements Bouncer {

    private static final Logger LOG = LoggerFactory.getLogger(DsnBouncer.class);

    private final MailQueue queue;
    private final String hostname;
    private final Function<String, Resolution> directory;

    /** {@code directory}: what mail to an address becomes ({@code Directory::resolve}). */
    public DsnBouncer(MailQueue queue, String hostname, Function<String, Resolution> directory) {
        this.queue = queue;
        this.hostname = hostname;
        this.directory = directory;
    }

    @Override
    public Optional<String> bounce(Envelope envelope, List<Envelope.Delivery> failed) {
        if (envelope.sender().isEmpty()) {
            LOG.info("dsn.none queue={} reason=null_sender (never a bounce of a bounce)", envelope.queueId());
            return Optional.empty();
        }
        List<Envelope.Delivery> reported = failed.stream().filter(d -> wantsFailureNotice(envelope, d)).toList();
        if (reported.isEmpty()) {
            LOG.info("dsn.none queue={} reason=notify", envelope.queueId());
            return Optional.empty();
        }
        List<Envelope.Delivery> deliveries = route(envelope.sender());
        if (deliveries.isEmpty()) {
            LOG.warn("dsn.none queue={} reason=sender_unknown sender=<{}>", envelope.queueId(), envelope.sender());
            return Optional.empty();
        }
        byte[] dsn;
        try {
            dsn = DsnMessage.build(hostname, envelope, reported, () -> queue.open(envelope.queueId()), Instant.now());
        } catch (IOException e) {
            throw new org.facteur.smtp.queue.QueueException("cannot read " + envelope.queueId() + " for its bounce", e);
        }
        MailQueue.Spool spool = queue.newSpool();
        try {
            spool.write(dsn, 0, dsn.length);
        } catch (IOException e) {
            spool.abort();
            throw new org.facteur.smtp.queue.QueueException("cannot spool the bounce of " + envelope.queueId(), e);
        }
        Envelope bounce = new Envelope("", Instant.now(), "dsn", "", hostname, "", dsn.length,
                DsnMessage.isEightBit(dsn) ? "8BITMIME" : "7BIT", false, "", "",
                List.of(new Envelope.Recipient(envelope.sender(), "", "")), deliveries);
        String id = spool.commit(bounce).queueId();
        LOG.info("dsn.queued queue={} dsn={} to=<{}> recipients={}", envelope.queueId(), id, envelope.sender(),
                reported.size());
        return Optional.of(id);
    }

    /** RFC 3461 4.1: without NOTIFY, failures are reported; with it, only if it says FAILURE. */
    private static boolean wantsFailureNotice(Envelope e, Envelope.Delivery d) {
        if (d.recipient() < 0 || d.recipient() >= e.recipients().size()) {
            return true;
        }
        String notify = e.recipients().get(d.recipient()).dsnNotify().toUpperCase(Locale.ROOT);
        return notify.isEmpty() || notify.contains("FAILURE");
    }

    private List<Envelope.Delivery> route(String sender) {
        Resolution r;
        try {
            r = directory.apply(sender);
        } catch (RuntimeException malformed) {
            return List.of();
        }
        List<Envelope.Delivery> out = new ArrayList<>();
        switch (r.status()) {
            case DELIVER -> {
                r.localUsers().forEach(u -> out.add(new Envelope.Delivery(out.size(), Envelope.Kind.LOCAL, u, 0)));
                r.remoteAddresses().forEach(a -> out.add(new Envelope.Delivery(out.size(), Envelope.Kind.REMOTE, a, 0)));
            }
            case NOT_LOCAL_DOMAIN -> out.add(new Envelope.Delivery(0, Envelope.Kind.REMOTE, sender, 0));
            default -> { }
        }
        return out;
    }
}
