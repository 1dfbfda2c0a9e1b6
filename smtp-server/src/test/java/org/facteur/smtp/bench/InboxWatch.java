package org.facteur.smtp.bench;

import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;

/**
 * When each message became visible in one user's INBOX: the store's {@code Appended} event,
 * published right after the append is committed, timestamped on arrival. A benchmark session
 * sends to its own user one message at a time, so the k-th arrival is the session's k-th message.
 */
final class InboxWatch implements AutoCloseable {

    private final List<Long> arrivals = new ArrayList<>();
    private final MailStore.Registration registration;

    InboxWatch(MailStore store, String user) {
        store.createAccount(user);
        MailboxId inbox = store.mailbox(user, MailStore.INBOX).orElseThrow().id();
        registration = store.watch(inbox, this::onEvent);
    }

    private void onEvent(MailboxEvent event) {
        if (event instanceof MailboxEvent.Appended appended) {
            long now = System.nanoTime();
            synchronized (this) {
                for (int i = 0; i < appended.messages().size(); i++) {
                    arrivals.add(now);
                }
                notifyAll();
            }
        }
    }

    synchronized int count() {
        return arrivals.size();
    }

    /** Waits until {@code n} messages arrived in all; false on timeout. */
    synchronized boolean await(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (arrivals.size() < n) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The nanoTime of the {@code k}-th arrival (0-based). */
    synchronized long arrival(int k) {
        return arrivals.get(k);
    }

    @Override
    public void close() {
        registration.close();
    }
}
