package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.ImapSession;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MailboxStatus;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;

/**
 * The items of STATUS (RFC 3501 6.3.10, SIZE from RFC 8438, DELETED from RFC 9051 6.3.11), also
 * asked by LIST-STATUS (RFC 5819).
 */
public final class StatusItems {

    private static final Set<String> KNOWN = Set.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE",
            "HIGHESTMODSEQ", // RFC 7162 3.1.7
            "DELETED");      // RFC 9051 6.3.11; accepted from rev1 clients too, as SIZE is

    private final List<String> items;

    private StatusItems(List<String> items) {
        this.items = items;
    }

    /** Items the server chose itself (NOTIFY's unsolicited STATUS, RFC 5465 5.2-5.4). */
    public static StatusItems of(List<String> items) {
        return new StatusItems(List.copyOf(items));
    }

    static StatusItems parse(Arg arg) {
        if (!(arg instanceof Arg.Group group) || group.items().isEmpty()) {
            throw new BadCommandException("STATUS needs a list of items");
        }
        List<String> items = new ArrayList<>();
        for (Arg item : group.items()) {
            String name = Arg.text(item).toUpperCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new BadCommandException("unknown STATUS item " + name);
            }
            items.add(name);
        }
        return new StatusItems(items);
    }

    /**
     * RFC 9051 removed RECENT from IMAP4rev2 (status-att in its section 9 has MESSAGES, UIDNEXT,
     * UIDVALIDITY, UNSEEN, DELETED and SIZE), so after ENABLE IMAP4rev2 asking for it is BAD.
     */
    void checkVersion(ImapSession session) {
        if (session.enabled().imap4rev2() && items.contains("RECENT")) {
            throw new BadCommandException("STATUS RECENT does not exist in IMAP4rev2 (RFC 9051)");
        }
    }

    /** Writes {@code * STATUS name (...)}. */
    void write(ImapSession session, MailboxInfo mailbox) {
        if (items.contains("HIGHESTMODSEQ")) {
            session.condstoreEnabled(); // RFC 7162 3.1: a CONDSTORE enabling command
        }
        writeUnsolicited(session, mailbox);
    }

    /** Writes {@code * STATUS name (...)} the client did not ask for: it enables nothing. */
    public void writeUnsolicited(ImapSession session, MailboxInfo mailbox) {
        MailboxStatus status = session.store().status(mailbox.id());
        ImapWriter w = session.writer();
        w.raw("* STATUS ").string(Mailboxes.wireName(session, mailbox.name())).raw(" (");
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            long value = switch (item) {
                case "MESSAGES" -> status.messages();
                case "RECENT" -> recent(session, mailbox);
                case "UIDNEXT" -> status.uidNext();
                case "UIDVALIDITY" -> status.uidValidity();
                case "UNSEEN" -> status.unseen();
                case "HIGHESTMODSEQ" -> status.highestModSeq();
                case "DELETED" -> deleted(session, mailbox);
                default -> status.totalSize();
            };
            w.raw(i == 0 ? "" : " ").raw(item).raw(" ").number(value);
        }
        w.raw(")\r\n");
    }

    /** Messages flagged \Deleted: the store keeps no count of them, so the records are read. */
    private static long deleted(ImapSession session, MailboxInfo mailbox) {
        return session.store().messages(mailbox.id()).stream().filter(m -> m.flags().has(SystemFlag.DELETED)).count();
    }

    /** Messages no session has claimed as recent yet (see RecentTracker). */
    private static long recent(ImapSession session, MailboxInfo mailbox) {
        long first = session.resources().recent().firstUnclaimed(mailbox.id());
        if (first > 0xFFFF_FFFFL) {
            return 0;
        }
        return session.store().messages(mailbox.id(), UidSet.range(first, 0xFFFF_FFFFL)).size();
    }
}
