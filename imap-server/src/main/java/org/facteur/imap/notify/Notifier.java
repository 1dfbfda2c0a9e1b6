package org.facteur.imap.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.facteur.imap.command.StatusItems;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.protocol.MailboxNames;
import org.facteur.imap.session.EventSize;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.UpdateBacklog;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.UserListener;

/**
 * One session's NOTIFY (RFC 5465): the user's events arrive from the store on any thread and wait
 * in a bounded queue; {@link #drain} turns them into STATUS and LIST responses on the session's
 * executor, at the moments the session allows. The selected mailbox is not its business: its
 * changes go out as FETCH, EXPUNGE and EXISTS through the selected mailbox's own view.
 *
 * <p>A client that does not read makes the queue grow while the session waits to write: past
 * {@code limit} events, or {@code byteLimit} bytes of them (long mailbox names), it is dropped,
 * and the client is told NOTIFICATIONOVERFLOW and NOTIFY stops (RFC 5465 5.8), so the heap does
 * not grow without bound. A message event is queued as its mailbox and kind only.
 */
public final class Notifier implements UserListener {

    /** Events waiting for one session beyond which it overflows. */
    public static final int DEFAULT_LIMIT = 10_000;
    /** Heap those events may hold beyond which it overflows, whichever bound comes first. */
    public static final long DEFAULT_BYTE_LIMIT = 1024 * 1024;

    private record SubscriptionChange(String name, boolean subscribed) {
    }

    /**
     * A message event of a mailbox reduced to what {@link #drain} uses: its STATUS is read when
     * it is sent, and the selected mailbox's changes go through its view. The store's event would
     * keep every record of a large COPY alive for each NOTIFY session of the user.
     */
    private record MessageChange(MailboxId mailbox, NotifyEvent kind) {
    }

    private final NotifySpec spec;
    private final Set<NotifyEvent> wanted;
    private final Runnable wakeUp;
    private final UpdateBacklog<Object> queue;
    /** The names of the user's mailboxes as the events told them (executor only). */
    private final Map<MailboxId, String> names = new HashMap<>();
    private MailStore.Registration registration;

    private Notifier(NotifySpec spec, int limit, long byteLimit, Runnable wakeUp) {
        this.spec = spec;
        this.wanted = spec.events();
        this.queue = new UpdateBacklog<>(limit, byteLimit);
        this.wakeUp = wakeUp;
    }

    /**
     * Watches the user, then lists the mailboxes: a change between the two is seen, never missed.
     * The queue overflows past {@code limit} events or {@code byteLimit} bytes of them.
     */
    static Notifier start(MailStore store, String user, NotifySpec spec, int limit, long byteLimit,
                          Runnable wakeUp) {
        Notifier notifier = new Notifier(spec, limit, byteLimit, wakeUp);
        notifier.registration = store.watchUser(user, notifier);
        try {
            store.mailboxes(user).forEach(m -> notifier.names.put(m.id(), m.name()));
        } catch (RuntimeException e) {
            notifier.close();
            throw e;
        }
        return notifier;
    }

    /** Changes to the selected mailbox are pushed between commands (RFC 5465 6.1). */
    public boolean pushesSelected() {
        return spec.selected().map(SelectedEvents::pushed).orElse(false);
    }

    /** With {@code selected} (not {@code -delayed}), EXPUNGE need not wait for a command (RFC 5465 6.1). */
    public boolean immediateExpunges() {
        return spec.selected().map(SelectedEvents::immediateExpunges).orElse(false);
    }

    /** MessageNew's fetch attributes for the selected mailbox (RFC 5465 5.1), if any. */
    public Optional<org.facteur.imap.fetch.FetchRequest> newMessageFetch() {
        return spec.selected().flatMap(SelectedEvents::fetch);
    }

    // ---- store threads

    @Override
    public void onEvent(MailboxEvent event) {
        NotifyEvent kind = kindOf(event);
        if (!wanted.contains(kind)) {
            return;
        }
        if (kind == NotifyEvent.MAILBOX_NAME) {
            offer(event, EventSize.of(event));
        } else {
            offer(new MessageChange(event.mailbox(), kind), EventSize.ITEM);
        }
    }

    @Override
    public void onSubscriptionChange(String name, boolean subscribed) {
        if (wanted.contains(NotifyEvent.SUBSCRIPTION_CHANGE)) {
            offer(new SubscriptionChange(name, subscribed), EventSize.ITEM + EventSize.of(name));
        }
    }

    private void offer(Object item, long bytes) {
        if (queue.overflowed()) {
            return;
        }
        queue.offer(item, bytes);
        wakeUp.run();
    }

    /** The event kind a store event is told under; Deleted and Renamed are MailboxName's. */
    private static NotifyEvent kindOf(MailboxEvent event) {
        if (event instanceof MailboxEvent.Appended) {
            return NotifyEvent.MESSAGE_NEW;
        } else if (event instanceof MailboxEvent.Expunged) {
            return NotifyEvent.MESSAGE_EXPUNGE;
        } else if (event instanceof MailboxEvent.FlagsChanged) {
            return NotifyEvent.FLAG_CHANGE;
        }
        return NotifyEvent.MAILBOX_NAME;
    }

    // ---- session executor

    /**
     * RFC 5465 3.1: with STATUS, the current state of every mailbox whose events include message
     * events, but the selected one, before NOTIFY's tagged OK.
     */
    void writeInitialStatus(ImapSession session) {
        MailboxId selected = selectedId(session);
        Supplier<Set<String>> subscriptions = subscriptions(session);
        for (MailboxInfo mailbox : session.store().mailboxes(session.user())) {
            if (!mailbox.id().equals(selected)) {
                spec.groupOf(mailbox.name(), subscriptions).filter(EventGroup::wantsStatus)
                        .ifPresent(g -> writeStatus(session, mailbox, g));
            }
        }
    }

    /**
     * Writes what happened since the last call. Returns false once the queue overflowed: the
     * client was told, this notifier is closed and the session should forget it.
     */
    public boolean drain(ImapSession session) {
        if (queue.overflowed()) {
            queue.clear();
            close();
            // RFC 5465 5.8: from here on the client is as after NOTIFY NONE.
            session.writer().raw("* OK [NOTIFICATIONOVERFLOW] too many notifications waiting; NOTIFY is off\r\n");
            return false;
        }
        MailboxId selected = selectedId(session);
        Supplier<Set<String>> subscriptions = subscriptions(session);
        Map<MailboxId, EventGroup> statusDue = new LinkedHashMap<>();
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof SubscriptionChange change) {
                if (wants(change.name(), NotifyEvent.SUBSCRIPTION_CHANGE, subscriptions).isPresent()) {
                    // RFC 5465 5.5: a LIST response telling the new subscription state.
                    writeList(session, change.subscribed() ? "\\Subscribed" : "", change.name(), null);
                }
            } else if (item instanceof MessageChange change) {
                messageChange(session, change, selected, subscriptions, statusDue);
            } else {
                mailboxNameChange(session, (MailboxEvent) item, subscriptions, statusDue);
            }
        }
        statusDue.forEach((id, group) -> {
            String name = names.get(id);
            if (name != null) {
                writeStatus(session, new MailboxInfo(id, session.user(), name, 0, Optional.empty()), group);
            }
        });
        return true;
    }

    /** One STATUS per mailbox however many of its changes wait; none for the selected one. */
    private void messageChange(ImapSession session, MessageChange change, MailboxId selected,
                               Supplier<Set<String>> subscriptions, Map<MailboxId, EventGroup> statusDue) {
        if (!change.mailbox().equals(selected)) {
            String name = nameOf(session, change.mailbox());
            if (name != null) {
                wants(name, change.kind(), subscriptions).ifPresent(g -> statusDue.put(change.mailbox(), g));
            }
        }
    }

    private void mailboxNameChange(ImapSession session, MailboxEvent event, Supplier<Set<String>> subscriptions,
                                   Map<MailboxId, EventGroup> statusDue) {
        if (event instanceof MailboxEvent.Created created) {
            names.put(created.mailbox(), created.name());
            if (wants(created.name(), NotifyEvent.MAILBOX_NAME, subscriptions).isPresent()) {
                writeList(session, "", created.name(), null); // RFC 5465 5.4
            }
        } else if (event instanceof MailboxEvent.Renamed renamed) {
            names.put(renamed.mailbox(), renamed.newName());
            if (wants(renamed.newName(), NotifyEvent.MAILBOX_NAME, subscriptions).isPresent()
                    || wants(renamed.oldName(), NotifyEvent.MAILBOX_NAME, subscriptions).isPresent()) {
                writeList(session, "", renamed.newName(), renamed.oldName()); // RFC 5465 5.4, OLDNAME
            }
        } else if (event instanceof MailboxEvent.Deleted deleted) {
            String name = names.remove(deleted.mailbox());
            statusDue.remove(deleted.mailbox());
            if (name != null && wants(name, NotifyEvent.MAILBOX_NAME, subscriptions).isPresent()) {
                writeList(session, "\\NonExistent", name, null); // RFC 5465 5.4
            }
        }
    }

    /** The group speaking for the mailbox, if it asks for this event there. */
    private Optional<EventGroup> wants(String name, NotifyEvent kind, Supplier<Set<String>> subscriptions) {
        return spec.groupOf(name, subscriptions).filter(g -> g.events().contains(kind));
    }

    /** A mailbox's name; one created before its event reached us is looked up. */
    private String nameOf(ImapSession session, MailboxId id) {
        String name = names.get(id);
        if (name == null) {
            session.store().mailboxes(session.user()).forEach(m -> names.putIfAbsent(m.id(), m.name()));
            name = names.get(id);
        }
        return name;
    }

    /**
     * RFC 5465 5.2-5.4: MESSAGES and UIDNEXT tell new and expunged messages, UIDVALIDITY that
     * the UIDs still hold, UNSEEN flag changes to \Seen, and HIGHESTMODSEQ any flag change
     * (RFC 7162) when FlagChange is asked for or CONDSTORE is on.
     */
    private void writeStatus(ImapSession session, MailboxInfo mailbox, EventGroup group) {
        List<String> items = new ArrayList<>(List.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN"));
        if (group.events().contains(NotifyEvent.FLAG_CHANGE) || session.enabled().condstore()) {
            items.add("HIGHESTMODSEQ");
        }
        try {
            StatusItems.of(items).writeUnsolicited(session, mailbox);
        } catch (StoreException e) {
            // Deleted since the event: its MailboxName event, if asked for, tells the client.
        }
    }

    /** {@code * LIST (attribute) "/" name}, with RFC 5465 5.4's OLDNAME after a rename. */
    private static void writeList(ImapSession session, String attribute, String name, String oldName) {
        boolean utf8 = session.enabled().imap4rev2();
        ImapWriter w = session.writer();
        w.raw("* LIST (" + attribute + ") \"" + MailStore.DELIMITER + "\" ").string(MailboxNames.toWire(name, utf8));
        if (oldName != null) {
            w.raw(" (\"OLDNAME\" (").string(MailboxNames.toWire(oldName, utf8)).raw("))");
        }
        w.raw("\r\n");
    }

    private static MailboxId selectedId(ImapSession session) {
        return session.selectedIfAny().map(s -> s.id()).orElse(null);
    }

    /** The user's subscriptions, read at most once per call and only if a filter needs them. */
    private static Supplier<Set<String>> subscriptions(ImapSession session) {
        return new Supplier<>() {
            private Set<String> read;

            @Override
            public Set<String> get() {
                if (read == null) {
                    read = session.store().subscriptions(session.user());
                }
                return read;
            }
        };
    }

    /** Stops watching the store. */
    public void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }
}
