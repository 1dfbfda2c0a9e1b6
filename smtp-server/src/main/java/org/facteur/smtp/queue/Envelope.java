package org.facteur.smtp.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the queue keeps about a message besides its bytes: where it came from, the SMTP
 * envelope with its DSN parameters (RFC 3461, kept for the bounces a later issue sends), and the
 * deliveries still to make.
 *
 * @param queueId the message's queue id (letters and digits)
 * @param received when the final dot was received
 * @param sessionId the SMTP session that received it
 * @param clientIp the client's IP address
 * @param helo the name the client gave in HELO/EHLO
 * @param sender the reverse-path, empty for the null sender {@code <>}
 * @param size the message size in octets, as queued (our Received header included)
 * @param body the BODY parameter (RFC 6152): {@code 7BIT}, {@code 8BITMIME}, or empty
 * @param smtpUtf8 whether MAIL carried SMTPUTF8 (RFC 6531 3.4)
 * @param dsnRet the DSN RET parameter (RFC 3461 4.3): {@code FULL}, {@code HDRS}, or empty
 * @param dsnEnvelopeId the DSN ENVID parameter (RFC 3461 4.4), still xtext-encoded, or empty
 * @param recipients the recipients as the client gave them, in RCPT order
 * @param deliveries what remains to be done: local mailboxes and remote addresses
 * @param attempts by delivery index: what the last attempts of a delivery gave (remote ones
 *        retried, failed ones waiting for their bounce), so that the schedule survives a restart
 */
public record Envelope(String queueId, Instant received, String sessionId, String clientIp, String helo,
                       String sender, long size, String body, boolean smtpUtf8, String dsnRet,
                       String dsnEnvelopeId, List<Recipient> recipients, List<Delivery> deliveries,
                       Map<Integer, Attempt> attempts) {

    public Envelope {
        recipients = List.copyOf(recipients);
        deliveries = List.copyOf(deliveries);
        attempts = java.util.Collections.unmodifiableMap(new TreeMap<>(attempts));
    }

    /** A new message: no attempt made yet. */
    public Envelope(String queueId, Instant received, String sessionId, String clientIp, String helo, String sender,
                    long size, String body, boolean smtpUtf8, String dsnRet, String dsnEnvelopeId,
                    List<Recipient> recipients, List<Delivery> deliveries) {
        this(queueId, received, sessionId, clientIp, helo, sender, size, body, smtpUtf8, dsnRet, dsnEnvelopeId,
                recipients, deliveries, Map.of());
    }

    /**
     * The state of one delivery after an attempt: how many were made, when the next is due (for
     * a remote delivery still to retry), and the last result, which the bounce reports
     * (RFC 3464 2.3: Status, Remote-MTA, Diagnostic-Code).
     *
     * @param count attempts made so far
     * @param next when the next attempt is due; {@link Instant#EPOCH} for "whenever"
     * @param status the enhanced status code of the last result, e.g. {@code 4.2.1}
     * @param remoteMta the host that gave it, or empty
     * @param diagnostic the server's reply ({@code smtp; 450 ...}) or our explanation
     */
    public record Attempt(int count, Instant next, String status, String remoteMta, String diagnostic) {
    }

    /**
     * A recipient as given in RCPT TO, with its DSN parameters (RFC 3461 4.1, 4.2).
     *
     * @param address the forward-path as received (without angle brackets)
     * @param dsnNotify the NOTIFY parameter ({@code NEVER} or a list of SUCCESS, FAILURE, DELAY), or empty
     * @param originalRecipient the ORCPT parameter (addr-type;xtext), or empty
     */
    public record Recipient(String address, String dsnNotify, String originalRecipient) {
    }

    /**
     * Where a copy goes: a local user's INBOX or a remote address (forwarding or relaying); or
     * FAILED: a copy that failed for good (its user was removed after RCPT, its mailbox refused
     * it, a remote server refused it with 5xx, or it kept failing past {@code queue.max_age}),
     * waiting for its bounce (DSN), never tried again.
     */
    public enum Kind { LOCAL, REMOTE, FAILED }

    /**
     * One copy to deliver.
     *
     * @param index stable within the message: with the queue id it makes the delivery id
     * @param kind local, remote or failed
     * @param target the local user's canonical address, or the remote address
     * @param recipient the index in {@link #recipients()} of the RCPT it came from
     */
    public record Delivery(int index, Kind kind, String target, int recipient) {

        /** The id the store records with the message, so a crash cannot deliver it twice. */
        public String deliveryId(String queueId) {
            return queueId + "." + index;
        }
    }

    public List<Delivery> deliveries(Kind kind) {
        return deliveries.stream().filter(d -> d.kind() == kind).toList();
    }

    /** This delivery, parked as failed. */
    public static Delivery failed(Delivery d) {
        return new Delivery(d.index(), Kind.FAILED, d.target(), d.recipient());
    }

    /** With these deliveries; the attempts of deliveries no longer there are dropped. */
    public Envelope withDeliveries(List<Delivery> remaining) {
        return withDeliveries(remaining, attempts);
    }

    public Envelope withDeliveries(List<Delivery> remaining, Map<Integer, Attempt> newAttempts) {
        Map<Integer, Attempt> kept = new TreeMap<>();
        for (Delivery d : remaining) {
            Attempt a = newAttempts.get(d.index());
            if (a != null) {
                kept.put(d.index(), a);
            }
        }
        return new Envelope(queueId, received, sessionId, clientIp, helo, sender, size, body, smtpUtf8, dsnRet,
                dsnEnvelopeId, recipients, remaining, kept);
    }

    /** The same message under its queue id and size. */
    Envelope as(String id, long newSize) {
        return new Envelope(id, received, sessionId, clientIp, helo, sender, newSize, body, smtpUtf8, dsnRet,
                dsnEnvelopeId, recipients, deliveries, attempts);
    }

    public Optional<Attempt> attempt(Delivery d) {
        return Optional.ofNullable(attempts.get(d.index()));
    }

    public Optional<String> senderAddress() {
        return sender.isEmpty() ? Optional.empty() : Optional.of(sender);
    }
}
