package org.facteur.imap.notify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.facteur.imap.fetch.FetchRequest;
import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.MailboxNames;

/**
 * Reads the arguments of {@code NOTIFY SET} (RFC 5465 8, "notify-set"); a break of the grammar is
 * a {@link BadCommandException}. Events the grammar knows but this server does not send are kept:
 * the command answers them with BADEVENT, not BAD.
 */
final class NotifyParser {

    private final boolean utf8Names;

    NotifyParser(boolean utf8Names) {
        this.utf8Names = utf8Names;
    }

    /** {@code args} are what follows SET. */
    NotifySpec parse(List<Arg> args) {
        int i = 0;
        boolean status = false;
        if (!args.isEmpty() && args.get(0) instanceof Arg.Atom a && a.is("STATUS")) {
            status = true;
            i++;
        }
        if (i == args.size()) {
            throw new BadCommandException("NOTIFY SET needs at least one event group");
        }
        Optional<SelectedEvents> selected = Optional.empty();
        List<EventGroup> groups = new ArrayList<>();
        for (; i < args.size(); i++) {
            List<Arg> group = group(args.get(i), "an event group");
            if (group.size() < 2) {
                throw new BadCommandException("an event group is (filter events)");
            }
            String filter = atom(group.get(0), "a mailbox filter").toLowerCase(Locale.ROOT);
            if (filter.equals("selected") || filter.equals("selected-delayed")) {
                if (selected.isPresent()) {
                    throw new BadCommandException("the selected mailbox is named twice");
                }
                expectSize(group, 2, filter);
                selected = Optional.of(selectedEvents(group.get(1), filter.equals("selected-delayed")));
            } else {
                groups.add(otherGroup(filter, group));
            }
        }
        return new NotifySpec(status, selected, groups);
    }

    private EventGroup otherGroup(String filter, List<Arg> group) {
        MailboxFilter mailboxes;
        switch (filter) {
            case "inboxes" -> mailboxes = new MailboxFilter(MailboxFilter.Kind.INBOXES, List.of());
            case "personal" -> mailboxes = new MailboxFilter(MailboxFilter.Kind.PERSONAL, List.of());
            case "subscribed" -> mailboxes = new MailboxFilter(MailboxFilter.Kind.SUBSCRIBED, List.of());
            case "subtree" -> mailboxes = new MailboxFilter(MailboxFilter.Kind.SUBTREE, names(group));
            case "mailboxes" -> mailboxes = new MailboxFilter(MailboxFilter.Kind.MAILBOXES, names(group));
            default -> throw new BadCommandException("unknown mailbox filter " + filter);
        }
        boolean named = mailboxes.kind() == MailboxFilter.Kind.SUBTREE || mailboxes.kind() == MailboxFilter.Kind.MAILBOXES;
        expectSize(group, named ? 3 : 2, filter);
        Arg events = group.get(group.size() - 1);
        Set<NotifyEvent> set = EnumSet.noneOf(NotifyEvent.class);
        if (!isNone(events)) {
            List<Arg> list = group(events, "a list of events");
            if (list.isEmpty()) {
                throw new BadCommandException("an empty list of events; NONE says none");
            }
            for (Arg e : list) {
                if (e instanceof Arg.Group) {
                    // RFC 5465 5.1: fetch attributes only for the selected mailbox.
                    throw new BadCommandException("MessageNew takes fetch attributes only for the selected mailbox");
                }
                set.add(event(e));
            }
        }
        return new EventGroup(mailboxes, set);
    }

    private SelectedEvents selectedEvents(Arg events, boolean delayed) {
        Set<NotifyEvent> set = EnumSet.noneOf(NotifyEvent.class);
        Optional<FetchRequest> fetch = Optional.empty();
        if (!isNone(events)) {
            List<Arg> list = group(events, "a list of events");
            if (list.isEmpty()) {
                throw new BadCommandException("an empty list of events; NONE says none");
            }
            for (int i = 0; i < list.size(); i++) {
                NotifyEvent e = event(list.get(i));
                set.add(e);
                if (e == NotifyEvent.MESSAGE_NEW && i + 1 < list.size() && list.get(i + 1) instanceof Arg.Group atts) {
                    if (atts.items().isEmpty()) {
                        throw new BadCommandException("MessageNew needs at least one fetch attribute in its list");
                    }
                    FetchRequest request = FetchRequest.parse(List.of(atts));
                    if (request.marksSeen()) {
                        // A notification must not change the mailbox it tells of.
                        throw new BadCommandException("MessageNew fetches with BODY.PEEK, not BODY or RFC822");
                    }
                    fetch = Optional.of(request);
                    i++;
                }
            }
        }
        // RFC 5465 5.2-5.4: for the selected mailbox the message events go together, so that
        // sequence numbers stay right.
        boolean added = set.contains(NotifyEvent.MESSAGE_NEW);
        boolean expunged = set.contains(NotifyEvent.MESSAGE_EXPUNGE);
        if (added != expunged) {
            throw new BadCommandException("MessageNew and MessageExpunge go together for the selected mailbox");
        }
        if ((set.contains(NotifyEvent.FLAG_CHANGE) || set.contains(NotifyEvent.ANNOTATION_CHANGE)) && !added) {
            throw new BadCommandException("FlagChange needs MessageNew and MessageExpunge for the selected mailbox");
        }
        return new SelectedEvents(set, delayed, fetch);
    }

    private List<String> names(List<Arg> group) {
        if (group.size() < 3) {
            throw new BadCommandException(Arg.text(group.get(0)) + " needs one mailbox or a list of them");
        }
        Arg arg = group.get(1);
        List<Arg> items = arg instanceof Arg.Group g ? g.items() : List.of(arg);
        if (items.isEmpty()) {
            throw new BadCommandException("an empty list of mailboxes");
        }
        List<String> names = new ArrayList<>();
        for (Arg item : items) {
            names.add(MailboxNames.fromWire(item, utf8Names));
        }
        return names;
    }

    private static NotifyEvent event(Arg arg) {
        String name = atom(arg, "an event");
        return NotifyEvent.byName(name).orElseThrow(() -> new BadCommandException("unknown NOTIFY event " + name));
    }

    private static boolean isNone(Arg arg) {
        return arg instanceof Arg.Atom a && a.is("NONE");
    }

    private static List<Arg> group(Arg arg, String what) {
        if (arg instanceof Arg.Group g) {
            return g.items();
        }
        throw new BadCommandException("expected " + what + " in parentheses");
    }

    private static String atom(Arg arg, String what) {
        if (arg instanceof Arg.Atom a) {
            return a.text();
        }
        throw new BadCommandException("expected " + what);
    }

    private static void expectSize(List<Arg> group, int size, String filter) {
        if (group.size() != size) {
            throw new BadCommandException("malformed event group for " + filter);
        }
    }
}
