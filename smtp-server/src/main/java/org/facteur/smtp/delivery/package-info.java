/**
 * Delivery out of the queue: {@link org.facteur.smtp.delivery.LocalDelivery} into the store
 * (exactly once, by delivery id), {@link org.facteur.smtp.delivery.RemoteDelivery} over SMTP
 * (per-domain lines of transactions, connections reused, a per-domain limit), and
 * {@link org.facteur.smtp.delivery.DsnBouncer}, which queues the RFC 3464 bounce
 * ({@link org.facteur.smtp.delivery.DsnMessage}) of what failed for good.
 */
package org.facteur.smtp.delivery;
