/**
 * SMTP reception in its {@link org.facteur.smtp.reception.SmtpRole roles}, the MX (RFC 5321) and
 * submission (RFC 6409, on 587 and 465): {@link org.facteur.smtp.reception.SmtpServer} runs James
 * Protocols 3.8.1's SMTP on Netty with a hand-assembled handler chain and facteur's own hooks.
 *
 * <p>Where things run: every hook here runs on a Netty I/O thread (James 3.8.1, JAMES-4023),
 * so they stay short: RCPT does one H2 lookup; DATA writes through a 16 KB buffer into a spool
 * file. The end of DATA hands the queue commit (three fsyncs) to the
 * {@link org.facteur.smtp.reception.Committer}, which holds the session's further input and
 * answers {@code 250} once the message is durable; so the I/O threads never wait for the disk
 * and Netty's default count (2 per core) is enough. Delivery never runs here either: the
 * {@link org.facteur.smtp.queue.QueueRunner} has its own threads; nor do password checks: AUTH
 * ({@link org.facteur.smtp.reception.AuthHandler}) hands them to a {@code Committer} of its own
 * ({@link org.facteur.smtp.reception.LoginCheck}).
 *
 * <p>Per concern: {@link org.facteur.smtp.reception.RecipientHook} (directory, relay rules,
 * recipient limit, DSN NOTIFY/ORCPT), {@link org.facteur.smtp.reception.SenderPolicy} (submission:
 * TLS, AUTH and an owned sender before MAIL), {@link org.facteur.smtp.reception.EsmtpParameters}
 * (SMTPUTF8, DSN, BODY on EHLO and MAIL), {@link org.facteur.smtp.reception.SmtpFramer} and
 * {@link org.facteur.smtp.reception.DataReceiver} (the data path and its smuggling rules),
 * {@link org.facteur.smtp.reception.ErrorLimit}, {@link org.facteur.smtp.reception.Replies}
 * (every reply code in one place).
 */
package org.facteur.smtp.reception;
