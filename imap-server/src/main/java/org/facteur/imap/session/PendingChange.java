package org.facteur.imap.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MessageRecord;

/**
 * A change of the selected mailbox waiting in its {@link UpdateBacklog}, into which the next ones
 * of the same kind fold while the client does not read: arrivals join one arrival (one EXISTS
 * either way), expunges one expunge, and flag changes keep each message's newest state (the
 * client is owed only that one, RFC 3501 7.4.2; an untold older state needs no FETCH). A change
 * of another kind between them keeps them apart, so the order the client learns things in holds.
 * Folded under the backlog's lock; read once polled, when nothing folds into it any more.
 */
final class PendingChange {

    private final MailboxEvent event;
    private List<MessageRecord> appended;
    private Map<Long, MessageRecord> flags;
    private List<Long> expunged;
    private long expungeModSeq;

    PendingChange(MailboxEvent event) {
        this.event = event;
    }

    /** {@link UpdateBacklog.Folding} for these: folds {@code next} in if it is of the same kind. */
    static long fold(PendingChange waiting, PendingChange next) {
        return waiting.absorb(next.event);
    }

    private long absorb(MailboxEvent next) {
        if (event instanceof MailboxEvent.Appended first && next instanceof MailboxEvent.Appended more) {
            if (appended == null) {
                appended = new ArrayList<>(first.messages());
            }
            appended.addAll(more.messages());
            return EventSize.of(next) - EventSize.ITEM;
        }
        if (event instanceof MailboxEvent.Expunged first && next instanceof MailboxEvent.Expunged more) {
            if (expunged == null) {
                expunged = new ArrayList<>(first.uids());
                expungeModSeq = first.modSeq();
            }
            expunged.addAll(more.uids());
            expungeModSeq = Math.max(expungeModSeq, more.modSeq());
            return EventSize.of(next) - EventSize.ITEM;
        }
        if (event instanceof MailboxEvent.FlagsChanged first && next instanceof MailboxEvent.FlagsChanged more) {
            if (flags == null) {
                flags = new LinkedHashMap<>();
                first.messages().forEach(this::keepNewest);
            }
            long added = 0;
            for (MessageRecord r : more.messages()) {
                MessageRecord before = flags.get(r.uid());
                MessageRecord kept = keepNewest(r);
                added += EventSize.of(kept) - (before == null ? 0 : EventSize.of(before));
            }
            return added;
        }
        return UpdateBacklog.APART;
    }

    /** Events of one mailbox may be published out of MODSEQ order by concurrent commits. */
    private MessageRecord keepNewest(MessageRecord r) {
        return flags.merge(r.uid(), r, (a, b) -> b.modSeq() >= a.modSeq() ? b : a);
    }

    /** The change, with all that folded into it. */
    MailboxEvent event() {
        if (appended != null) {
            return new MailboxEvent.Appended(event.mailbox(), appended);
        } else if (expunged != null) {
            return new MailboxEvent.Expunged(event.mailbox(), expunged, expungeModSeq);
        } else if (flags != null) {
            return new MailboxEvent.FlagsChanged(event.mailbox(), new ArrayList<>(flags.values()));
        }
        return event;
    }
}
