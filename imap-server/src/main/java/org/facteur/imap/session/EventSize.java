package org.facteur.imap.session;

import java.util.List;

import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MessageRecord;

/**
 * About how much heap a change waiting for a session holds, for {@link UpdateBacklog}'s bounds:
 * an estimate on the high side (64-bit JVM, compressed pointers, two bytes a character), not a
 * measurement.
 */
public final class EventSize {

    /** An event or queued item, its queue node and its backlog entry. */
    public static final long ITEM = 96;
    /** A record with its Flags, Instant and list slot, keywords apart. */
    private static final long RECORD = 160;
    /** A boxed UID in a list. */
    private static final long UID = 24;
    private static final long STRING = 48;

    private EventSize() {
    }

    public static long of(MailboxEvent event) {
        if (event instanceof MailboxEvent.Appended appended) {
            return ITEM + records(appended.messages());
        } else if (event instanceof MailboxEvent.FlagsChanged changed) {
            return ITEM + records(changed.messages());
        } else if (event instanceof MailboxEvent.Expunged expunged) {
            return ITEM + UID * expunged.uids().size();
        } else if (event instanceof MailboxEvent.Renamed renamed) {
            return ITEM + of(renamed.oldName()) + of(renamed.newName());
        } else if (event instanceof MailboxEvent.Created created) {
            return ITEM + of(created.name());
        }
        return ITEM;
    }

    public static long of(String s) {
        return STRING + 2L * s.length();
    }

    public static long of(MessageRecord r) {
        long bytes = RECORD;
        for (String keyword : r.flags().keywords()) {
            bytes += of(keyword);
        }
        return bytes;
    }

    private static long records(List<MessageRecord> records) {
        long bytes = 0;
        for (MessageRecord r : records) {
            bytes += of(r);
        }
        return bytes;
    }
}
