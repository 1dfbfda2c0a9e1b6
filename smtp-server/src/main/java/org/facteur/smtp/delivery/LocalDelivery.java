package org.facteur.smtp.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.quota.StorageQuota;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;

/**
 * Final delivery into a local user's INBOX: prepends {@code Return-Path} (RFC 5321 4.4: added
 * by the final delivery, from the reverse-path) to the queued bytes, which already start with our
 * {@code Received} header, and appends them unchanged with the delivery id
 * {@code <queue id>.<delivery index>}, so that after a crash between the append and the queue's
 * update the delivery is recognised as done ({@link MailStore#containsDelivery}).
 *
 * <p>A user removed from the directory between RCPT and delivery is a permanent failure: no
 * mailbox is created for them again.
 */
public final class LocalDelivery {

    /** What happened to one delivery. */
    public enum Outcome { DELIVERED, ALREADY_DELIVERED }

    /** A delivery that retrying cannot make succeed. */
    public static final class PermanentFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private final String status;

        PermanentFailure(String status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The enhanced status code (RFC 3463) for the bounce. */
        public String status() {
            return status;
        }
    }

    private final MailStore store;
    private final MailQueue queue;
    private final Predicate<String> isUser;
    private final StorageQuota quota;

    /** {@code isUser}: whether an address is (still) a user of the directory. */
    public LocalDelivery(MailStore store, MailQueue queue, Predicate<String> isUser) {
        this(store, queue, isUser, StorageQuota.NONE);
    }

    /** A delivery that bounces (5.2.2) what would take a user past {@code quota}. */
    public LocalDelivery(MailStore store, MailQueue queue, Predicate<String> isUser, StorageQuota quota) {
        this.store = store;
        this.queue = queue;
        this.isUser = isUser;
        this.quota = quota;
    }

    /** Delivers one copy, checking first whether an earlier attempt already did. */
    public Outcome deliver(Envelope envelope, Envelope.Delivery delivery) throws IOException, PermanentFailure {
        return deliver(envelope, delivery, true);
    }

    /**
     * Delivers one copy. A {@link PermanentFailure} means never again; a
     * {@link StoreException} or IOException means try again later. {@code mayBeDone} false skips
     * the store's look-up (it lists the INBOX's {@code cur/}) for a message no attempt has touched
     * yet: one just received in this process.
     */
    public Outcome deliver(Envelope envelope, Envelope.Delivery delivery, boolean mayBeDone)
            throws IOException, PermanentFailure {
        if (!isUser.test(delivery.target())) {
            throw new PermanentFailure("5.1.1", "no such user (removed after the message was accepted)", null);
        }
        try {
            MailboxId inbox = inbox(delivery.target());
            String deliveryId = delivery.deliveryId(envelope.queueId());
            if (mayBeDone && store.containsDelivery(inbox, deliveryId)) {
                return Outcome.ALREADY_DELIVERED;
            }
            byte[] returnPath = ("Return-Path: <" + envelope.sender() + ">\r\n").getBytes(StandardCharsets.UTF_8);
            if (!quota.allows(delivery.target(), returnPath.length + envelope.size())) {
                // Passed RCPT, but the mailbox filled up meanwhile (or SIZE was not declared):
                // bounced to the sender as Dovecot's LDA does by default, never dropped silently.
                throw new PermanentFailure("5.2.2", "mailbox full: the message would exceed the recipient's storage quota", null);
            }
            try (InputStream message = new SequenceInputStream(new ByteArrayInputStream(returnPath),
                    queue.open(envelope.queueId()))) {
                store.append(inbox, message, Flags.NONE, envelope.received(), deliveryId);
            }
            return Outcome.DELIVERED;
        } catch (StoreException e) {
            if (e.isTemporary()) {
                throw e;
            }
            throw new PermanentFailure("5.2.0", "the mailbox refused the message: " + e.getMessage(), e);
        }
    }

    private MailboxId inbox(String user) {
        return store.mailbox(user, MailStore.INBOX).map(MailboxInfo::id).orElseGet(() -> {
            // A user added to the directory gets its mailboxes at the first delivery.
            store.createAccount(user);
            return store.mailbox(user, MailStore.INBOX).orElseThrow().id();
        });
    }
}
