package org.facteur.smtp.queue;

import java.util.List;
import java.util.Optional;

/** Sends the delivery status notification (RFC 3464) for deliveries that failed for good. */
@FunctionalInterface
public interface Bouncer {

    /**
     * Queues one DSN to {@code envelope}'s sender reporting {@code failed} (deliveries of kind
     * FAILED, their {@link Envelope.Attempt} saying why), and returns its queue id; empty when
     * no DSN is due (null sender, NOTIFY without FAILURE, a sender that no longer exists).
     */
    Optional<String> bounce(Envelope envelope, List<Envelope.Delivery> failed);
}
