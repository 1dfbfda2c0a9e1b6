package org.facteur.imap.notify;

import java.util.Set;

/** One event group of NOTIFY SET (RFC 5465 3.1): the mailboxes of a filter and the events wanted there. */
record EventGroup(MailboxFilter filter, Set<NotifyEvent> events) {

    EventGroup {
        events = Set.copyOf(events);
    }

    /** MessageNew, MessageExpunge and FlagChange are told by STATUS outside the selected mailbox (RFC 5465 5.2-5.4). */
    boolean wantsStatus() {
        return events.contains(NotifyEvent.MESSAGE_NEW) || events.contains(NotifyEvent.MESSAGE_EXPUNGE)
                || events.contains(NotifyEvent.FLAG_CHANGE);
    }
}
