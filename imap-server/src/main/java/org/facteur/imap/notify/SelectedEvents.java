package org.facteur.imap.notify;

import java.util.Optional;
import java.util.Set;

import org.facteur.imap.fetch.FetchRequest;

/**
 * What NOTIFY asks for the selected mailbox (RFC 5465 6.1): its events, whether expunges wait
 * for a command that allows them ({@code selected-delayed}), and the attributes to fetch of new
 * messages (MessageNew's fetch-att).
 */
record SelectedEvents(Set<NotifyEvent> events, boolean delayed, Optional<FetchRequest> fetch) {

    SelectedEvents {
        events = Set.copyOf(events);
    }

    /** Changes to the selected mailbox are pushed between commands, not only at their end. */
    boolean pushed() {
        return !events.isEmpty();
    }

    /** RFC 5465 6.1: with {@code selected}, EXPUNGE may go out while no command is in progress. */
    boolean immediateExpunges() {
        return !delayed && events.contains(NotifyEvent.MESSAGE_EXPUNGE);
    }
}
