/**
 * SMTP reception, the MX role (RFC 5321): {@link org.facteur.smtp.reception.SmtpServer} runs James
 * Protocols 3.8.1's SMTP on Netty with a hand-assembled handler chain and facteur's own hooks.
 *
 * <p>Where things run: every hook here runs on a Netty I/O thread (James 3.8.1, JAMES-4023),
 * so they stay short: RCPT does one H2 lookup; DATA writes through a 16 KB buffer into a spool
 * file; the end of DATA commits the message to the queue (three fsyncs) before answering
 * {@code 250}, which is why the server runs many I/O threads
 * ({@link org.facteur.smtp.reception.SmtpSettings#DEFAULT_IO_THREADS}). Delivery never runs here:
 * the {@link org.facteur.smtp.queue.QueueRunner} has its own threads. Password checks (AUTH, for
 * submission, a later issue) must not run here either.
 *
 * <p>Per concern: {@link org.facteur.smtp.reception.RecipientHook} (directory, relay rules,
 * recipient limit, DSN NOTIFY/ORCPT), {@link org.facteur.smtp.reception.EsmtpParameters}
 * (SMTPUTF8, DSN, BODY on EHLO and MAIL), {@link org.facteur.smtp.reception.SmtpFramer} and
 * {@link org.facteur.smtp.reception.DataReceiver} (the data path and its smuggling rules),
 * {@link org.facteur.smtp.reception.ErrorLimit}, {@link org.facteur.smtp.reception.Replies}
 * (every reply code in one place).
 */
package org.facteur.smtp.reception;
