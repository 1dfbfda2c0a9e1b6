package org.facteur.imap.notify;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.facteur.mailbox.MailStore;

/**
 * Which mailboxes an event group covers (RFC 5465 6, "filter-mailboxes" other than the selected
 * mailbox), by store name.
 */
record MailboxFilter(Kind kind, List<String> names) {

    enum Kind {
        /** RFC 5465 6.2: where new mail is delivered; here, INBOX. */
        INBOXES,
        /** RFC 5465 6.3: every mailbox of the user (we have no other namespace). */
        PERSONAL,
        /** RFC 5465 6.4: the mailboxes the user subscribes to, as they are at the event. */
        SUBSCRIBED,
        /** RFC 5465 6.5: the named mailboxes and everything below them. */
        SUBTREE,
        /** RFC 5465 6.6: the named mailboxes only. */
        MAILBOXES
    }

    MailboxFilter {
        names = List.copyOf(names);
    }

    /** Whether the filter covers the mailbox {@code name}; subscriptions are read only if needed. */
    boolean matches(String name, Supplier<Set<String>> subscriptions) {
        return switch (kind) {
            case INBOXES -> name.equals(MailStore.INBOX);
            case PERSONAL -> true;
            case SUBSCRIBED -> subscriptions.get().contains(name);
            case SUBTREE -> names.stream().anyMatch(n -> name.equals(n) || name.startsWith(n + MailStore.DELIMITER));
            case MAILBOXES -> names.contains(name);
        };
    }
}
