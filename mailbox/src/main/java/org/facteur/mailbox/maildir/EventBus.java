package org.facteur.mailbox.maildir;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxListener;
import org.facteur.mailbox.UserListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process delivery of mailbox events to the sessions watching each mailbox, and of every
 * event of a user to the sessions watching the user (NOTIFY).
 */
final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Map<MailboxId, List<MailboxListener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, List<UserListener>> userListeners = new ConcurrentHashMap<>();

    MailStore.Registration register(MailboxId mailbox, MailboxListener listener) {
        return add(listeners, mailbox, listener);
    }

    MailStore.Registration registerUser(String user, UserListener listener) {
        return add(userListeners, user, listener);
    }

    private static <K, L> MailStore.Registration add(Map<K, List<L>> map, K key, L listener) {
        map.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> map.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Tells the mailbox's watchers, then its owner's. */
    void publish(String owner, MailboxEvent event) {
        List<MailboxListener> list = listeners.get(event.mailbox());
        if (list != null) {
            for (MailboxListener l : list) {
                deliver(event, () -> l.onEvent(event));
            }
        }
        List<UserListener> users = userListeners.get(owner);
        if (users != null) {
            for (UserListener l : users) {
                deliver(event, () -> l.onEvent(event));
            }
        }
    }

    void publishSubscription(String user, String name, boolean subscribed) {
        List<UserListener> users = userListeners.get(user);
        if (users != null) {
            for (UserListener l : users) {
                deliver(name, () -> l.onSubscriptionChange(name, subscribed));
            }
        }
    }

    private static void deliver(Object what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // One broken session must not stop the change reaching the others.
            LOG.warn("mailbox listener failed on {}", what, e);
        }
    }
}
