package org.facteur.imap.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.facteur.mailbox.MailboxId;

/**
 * Who sees a message as {@code \Recent} (RFC 3501 2.3.2): the store has no such flag, so the
 * server keeps, per mailbox, the highest UID some session has claimed. The first session that
 * selects a mailbox (SELECT, not EXAMINE) after a message arrived, or has it selected when it
 * arrives, gets it as recent; no other session does. Kept in memory only: after a restart every
 * message is recent to the first session that selects its mailbox.
 */
public final class RecentTracker {

    private final Map<MailboxId, Long> claimed = new ConcurrentHashMap<>();

    /** Claims UIDs above the last claimed one up to {@code highestUid}; returns the first claimed UID (above it: recent). */
    public long claim(MailboxId mailbox, long highestUid) {
        long[] first = new long[1];
        claimed.compute(mailbox, (k, old) -> {
            long previous = old == null ? 0 : old;
            first[0] = previous + 1;
            return Math.max(previous, highestUid);
        });
        return first[0];
    }

    /** The lowest UID not yet claimed: a read-only session's view of what is recent. */
    public long firstUnclaimed(MailboxId mailbox) {
        Long old = claimed.get(mailbox);
        return old == null ? 1 : old + 1;
    }
}
