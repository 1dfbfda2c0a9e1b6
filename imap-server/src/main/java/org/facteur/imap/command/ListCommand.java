package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.protocol.MailboxNames;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 3501 6.3.8 LIST and 6.3.9 LSUB, with LIST-EXTENDED (RFC 5258: selection options
 * SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE; return options SUBSCRIBED, CHILDREN,
 * SPECIAL-USE; several patterns), LIST-STATUS (RFC 5819) and SPECIAL-USE attributes (RFC 6154).
 * Child attributes (RFC 3348) are always sent.
 */
final class ListCommand implements CommandHandler {

    private final boolean lsub;

    ListCommand(boolean lsub) {
        this.lsub = lsub;
    }

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    private static final class Options {
        boolean subscribedOnly;
        boolean recursiveMatch;
        boolean specialUseOnly;
        boolean returnSubscribed;
        boolean returnSpecialUse;
        StatusItems status;
        boolean extended;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        List<Arg> args = request.args();
        Options options = new Options();
        int i = 0;
        if (!lsub && !args.isEmpty() && args.get(0) instanceof Arg.Group selection) {
            selectionOptions(selection, options);
            i++;
        }
        if (args.size() < i + 2) {
            throw new BadCommandException(request.name() + " needs a reference and a pattern");
        }
        String reference = MailboxNames.canonicalInbox(Arg.text(args.get(i)));
        List<String> patterns = new ArrayList<>();
        if (!lsub && args.get(i + 1) instanceof Arg.Group group) {
            options.extended = true;
            for (Arg p : group.items()) {
                patterns.add(Arg.text(p));
            }
        } else {
            patterns.add(Arg.text(args.get(i + 1)));
        }
        i += 2;
        if (!lsub && i < args.size()) {
            if (!(args.get(i) instanceof Arg.Atom atom && atom.is("RETURN")) || i + 2 != args.size()
                    || !(args.get(i + 1) instanceof Arg.Group returns)) {
                throw new BadCommandException("LIST: expected RETURN (options)");
            }
            returnOptions(returns, options);
            if (options.status != null) {
                options.status.checkVersion(session);
            }
        } else if (i != args.size()) {
            throw new BadCommandException(request.name() + ": too many arguments");
        }
        if (options.recursiveMatch && !options.subscribedOnly) {
            throw new BadCommandException("RECURSIVEMATCH needs another selection option"); // RFC 5258 3
        }
        if (!lsub && patterns.size() == 1 && patterns.get(0).isEmpty() && !options.extended) {
            // RFC 3501 6.3.8: an empty pattern asks for the delimiter and the root.
            session.writer().raw("* LIST (\\Noselect) \"" + MailStore.DELIMITER + "\" \"\"\r\n");
            return Reply.ok("LIST completed");
        }
        List<ListPattern> matchers = new ArrayList<>();
        for (String p : patterns) {
            matchers.add(new ListPattern(reference, p));
        }
        list(session, matchers, options);
        return Reply.ok(request.name() + " completed");
    }

    private static void selectionOptions(Arg.Group selection, Options options) {
        options.extended = true;
        for (Arg a : selection.items()) {
            switch (Arg.text(a).toUpperCase(Locale.ROOT)) {
                case "SUBSCRIBED" -> {
                    options.subscribedOnly = true;
                    options.returnSubscribed = true;
                }
                case "REMOTE" -> { } // RFC 5258 3.1: no remote mailboxes here
                case "RECURSIVEMATCH" -> options.recursiveMatch = true;
                case "SPECIAL-USE" -> {
                    options.specialUseOnly = true;
                    options.returnSpecialUse = true;
                }
                default -> throw new BadCommandException("unknown LIST selection option " + Arg.text(a));
            }
        }
    }

    private static void returnOptions(Arg.Group returns, Options options) {
        options.extended = true;
        List<Arg> items = returns.items();
        for (int k = 0; k < items.size(); k++) {
            switch (Arg.text(items.get(k)).toUpperCase(Locale.ROOT)) {
                case "SUBSCRIBED" -> options.returnSubscribed = true;
                case "CHILDREN" -> { } // always sent
                case "SPECIAL-USE" -> options.returnSpecialUse = true;
                case "STATUS" -> {
                    if (k + 1 >= items.size()) {
                        throw new BadCommandException("RETURN STATUS needs a list of items");
                    }
                    options.status = StatusItems.parse(items.get(++k));
                }
                default -> throw new BadCommandException("unknown LIST return option " + Arg.text(items.get(k)));
            }
        }
    }

    private void list(ImapSession session, List<ListPattern> matchers, Options options) {
        List<MailboxInfo> mailboxes = session.store().mailboxes(session.user());
        Map<String, MailboxInfo> byName = new HashMap<>();
        for (MailboxInfo m : mailboxes) {
            byName.put(m.name(), m);
        }
        Set<String> subscribed = lsub || options.returnSubscribed || options.subscribedOnly
                ? session.store().subscriptions(session.user()) : Set.of();
        // Every name to consider, sorted: the mailboxes, and subscriptions that name none (\NonExistent).
        TreeMap<String, Boolean> names = new TreeMap<>();
        if (lsub || options.subscribedOnly) {
            subscribed.forEach(n -> names.put(n, byName.containsKey(n)));
            // The parents of subscriptions: LSUB's \Noselect (RFC 3501 6.3.9), CHILDINFO (RFC 5258 4).
            if (lsub || options.recursiveMatch) {
                for (String s : subscribed) {
                    for (String parent = parent(s); parent != null; parent = parent(parent)) {
                        names.putIfAbsent(parent, byName.containsKey(parent));
                    }
                }
            }
        } else {
            byName.keySet().forEach(n -> names.put(n, true));
        }
        ImapWriter w = session.writer();
        for (Map.Entry<String, Boolean> entry : names.entrySet()) {
            String name = entry.getKey();
            String wire = Mailboxes.wireName(session, name);
            if (matchers.stream().noneMatch(m -> m.matches(wire))) {
                continue;
            }
            MailboxInfo mailbox = byName.get(name);
            boolean isSubscribed = subscribed.contains(name);
            boolean childSubscribed = !isSubscribed && (lsub || options.recursiveMatch)
                    && hasUnlistedChild(session, subscribed, name, matchers);
            if ((lsub || options.subscribedOnly) && !isSubscribed && !childSubscribed) {
                continue;
            }
            if (options.specialUseOnly && (mailbox == null || mailbox.specialUse().isEmpty())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (mailbox == null) {
                attributes.add(lsub ? "\\Noselect" : "\\NonExistent");
            } else if (lsub && !isSubscribed) {
                attributes.add("\\Noselect"); // listed only for a subscribed child (RFC 3501 6.3.9)
            } else if (!lsub) {
                attributes.add(hasChild(byName.keySet(), name) ? "\\HasChildren" : "\\HasNoChildren");
                if (!options.specialUseOnly || options.returnSpecialUse) {
                    mailbox.specialUse().ifPresent(u -> attributes.add(u.attribute()));
                }
            }
            if (!lsub && options.returnSubscribed && isSubscribed) {
                attributes.add("\\Subscribed");
            }
            writeNameAndAttributes(w, lsub ? "LSUB" : "LIST", attributes, wire);
            if (!lsub && childSubscribed) {
                w.raw(" (\"CHILDINFO\" (\"SUBSCRIBED\"))"); // RFC 5258 4
            }
            w.raw("\r\n");
            if (options.status != null && mailbox != null) {
                options.status.write(session, mailbox);
            }
        }
    }

    /**
     * {@code * LIST (attributes) "/" name} for one mailbox, children and special use as a plain
     * LIST shows them: the response RFC 9051 6.3.2 adds to SELECT, with the name as stored
     * ("inbox" selected is listed as INBOX).
     */
    static void writeListResponse(ImapSession session, MailboxInfo mailbox) {
        Set<String> names = new HashSet<>();
        session.store().mailboxes(session.user()).forEach(m -> names.add(m.name()));
        List<String> attributes = new ArrayList<>();
        attributes.add(hasChild(names, mailbox.name()) ? "\\HasChildren" : "\\HasNoChildren");
        mailbox.specialUse().ifPresent(u -> attributes.add(u.attribute()));
        writeNameAndAttributes(session.writer(), "LIST", attributes, Mailboxes.wireName(session, mailbox.name()));
        session.writer().raw("\r\n");
    }

    /** {@code * LIST (attributes) "/" name}, without the CRLF (extended data may follow). */
    private static void writeNameAndAttributes(ImapWriter w, String response, List<String> attributes, String wire) {
        w.raw("* " + response + " (" + String.join(" ", attributes) + ") \"" + MailStore.DELIMITER + "\" ").string(wire);
    }

    private static String parent(String name) {
        int slash = name.lastIndexOf(MailStore.DELIMITER);
        return slash <= 0 ? null : name.substring(0, slash);
    }

    /**
     * Whether a subscribed descendant of {@code name} matches none of the patterns: only then is
     * the parent listed for it (an LSUB {@code %} stopping at the parent, RFC 3501 6.3.9; CHILDINFO,
     * RFC 5258 4); a descendant the patterns list itself speaks for itself (as Dovecot answers).
     */
    private static boolean hasUnlistedChild(ImapSession session, Set<String> subscribed, String name,
                                            List<ListPattern> matchers) {
        String prefix = name + MailStore.DELIMITER;
        for (String n : subscribed) {
            if (n.startsWith(prefix)) {
                String wire = Mailboxes.wireName(session, n);
                if (matchers.stream().noneMatch(m -> m.matches(wire))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasChild(Set<String> names, String name) {
        String prefix = name + MailStore.DELIMITER;
        for (String n : names) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
