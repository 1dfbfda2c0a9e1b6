package org.facteur.smtp.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;

/**
 * Final delivery into a local user's INBOX: prepends {@code Return-Path} (RFC 5321 4.4: added
 * by the final delivery, from the reverse-path) to the queued bytes, which already start with our
 * {@code Received} header, and appends them unchanged with the delivery id
 * {@code <queue id>.<delivery index>}, so that after a crash between the append and the queue's
 * update the delivery is recognised as done ({@link MailStore#containsDelivery}).
 */
public final class LocalDelivery {

    /** What happened to one delivery. */
    public enum Outcome { DELIVERED, ALREADY_DELIVERED }

    private final MailStore store;
    private final MailQueue queue;

    public LocalDelivery(MailStore store, MailQueue queue) {
        this.store = store;
        this.queue = queue;
    }

    /** Delivers one copy, checking first whether an earlier attempt already did. */
    public Outcome deliver(Envelope envelope, Envelope.Delivery delivery) throws IOException {
        return deliver(envelope, delivery, true);
    }

    /**
     * Delivers one copy; a {@link org.facteur.mailbox.StoreException} or IOException means try
     * again later. {@code mayBeDone} false skips the store's look-up (it lists the INBOX's
     * {@code cur/}) for a message no attempt has touched yet: one just received in this process.
     */
    public Outcome deliver(Envelope envelope, Envelope.Delivery delivery, boolean mayBeDone) throws IOException {
        MailboxId inbox = inbox(delivery.target());
        String deliveryId = delivery.deliveryId(envelope.queueId());
        if (mayBeDone && store.containsDelivery(inbox, deliveryId)) {
            return Outcome.ALREADY_DELIVERED;
        }
        byte[] returnPath = ("Return-Path: <" + envelope.sender() + ">\r\n").getBytes(StandardCharsets.UTF_8);
        try (InputStream message = new SequenceInputStream(new ByteArrayInputStream(returnPath),
                queue.open(envelope.queueId()))) {
            store.append(inbox, message, Flags.NONE, envelope.received(), deliveryId);
        }
        return Outcome.DELIVERED;
    }

    private MailboxId inbox(String user) {
        return store.mailbox(user, MailStore.INBOX).map(MailboxInfo::id).orElseGet(() -> {
            // A user added to the directory gets its mailboxes at the first delivery.
            store.createAccount(user);
            return store.mailbox(user, MailStore.INBOX).orElseThrow().id();
        });
    }
}
