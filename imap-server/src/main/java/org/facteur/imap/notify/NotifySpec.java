package org.facteur.imap.notify;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A parsed NOTIFY SET (RFC 5465 3.1). */
record NotifySpec(boolean status, Optional<SelectedEvents> selected, List<EventGroup> groups) {

    NotifySpec {
        groups = List.copyOf(groups);
    }

    /** Every event some group or the selected mailbox asks for. */
    Set<NotifyEvent> events() {
        Set<NotifyEvent> all = EnumSet.noneOf(NotifyEvent.class);
        selected.ifPresent(s -> all.addAll(s.events()));
        groups.forEach(g -> all.addAll(g.events()));
        return all;
    }

    /**
     * The group that speaks for a mailbox: the first whose filter covers it, as a mailbox named by
     * two groups takes its events from one, the first (RFC 5465 6: filters are tried in order).
     */
    Optional<EventGroup> groupOf(String name, java.util.function.Supplier<Set<String>> subscriptions) {
        return groups.stream().filter(g -> g.filter().matches(name, subscriptions)).findFirst();
    }
}
