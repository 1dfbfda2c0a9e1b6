/**
 * Delivery out of the queue: {@link org.facteur.smtp.delivery.LocalDelivery} into the store
 * (exactly once, by delivery id). Remote delivery (MX lookup, SMTP client, retries, DSN) comes here
 * in a later issue.
 */
package org.facteur.smtp.delivery;
