package org.facteur.mailbox.maildir;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process delivery of mailbox events to the sessions watching each mailbox. */
final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Map<MailboxId, List<MailboxListener>> listeners = new ConcurrentHashMap<>();

    MailStore.Registration register(MailboxId mailbox, MailboxListener listener) {
        listeners.computeIfAbsent(mailbox, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(mailbox, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    void publish(MailboxEvent event) {
        List<MailboxListener> list = listeners.get(event.mailbox());
        if (list == null) {
            return;
        }
        for (MailboxListener l : list) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                // One broken session must not stop the change reaching the others.
                LOG.warn("mailbox listener failed on {}", event, e);
            }
        }
    }
}
