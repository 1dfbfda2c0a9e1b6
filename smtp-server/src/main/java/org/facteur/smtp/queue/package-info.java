/**
 * The queue: the durable hand-off between reception and delivery, one pair of files per message
 * in {@code <data>/queue/} ({@link org.facteur.smtp.queue.MailQueue} explains the commit protocol,
 * {@link org.facteur.smtp.queue.EnvelopeFormat} the envelope file), and the
 * {@link org.facteur.smtp.queue.QueueRunner} that delivers local copies on its own threads.
 * Remote copies (forwarding aliases, later relaying) stay queued for remote delivery.
 */
package org.facteur.smtp.queue;
