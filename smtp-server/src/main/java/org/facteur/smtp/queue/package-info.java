/**
 * The queue: the durable hand-off between reception and delivery, one pair of files per message
 * in {@code <data>/queue/} ({@link org.facteur.smtp.queue.MailQueue} explains the commit protocol,
 * {@link org.facteur.smtp.queue.EnvelopeFormat} the envelope file, which also keeps each
 * delivery's attempts), and the {@link org.facteur.smtp.queue.QueueRunner} that delivers local
 * copies, hands remote ones to a {@link org.facteur.smtp.queue.RemoteTransport}, retries on the
 * {@link org.facteur.smtp.queue.RetrySchedule} and has failures bounced by a
 * {@link org.facteur.smtp.queue.Bouncer}.
 */
package org.facteur.smtp.queue;
