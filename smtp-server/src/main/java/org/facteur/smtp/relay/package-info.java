/**
 * Outbound SMTP: where a domain's mail goes ({@link org.facteur.smtp.relay.MxResolver} over
 * dnsjava, or the {@link org.facteur.smtp.relay.SmarthostRouter}) and the client that hands it
 * over ({@link org.facteur.smtp.relay.SmtpConnection}), with per-recipient
 * {@link org.facteur.smtp.relay.DeliveryResult}s. It knows nothing of the queue: the delivery
 * package schedules, retries and bounces.
 */
package org.facteur.smtp.relay;
