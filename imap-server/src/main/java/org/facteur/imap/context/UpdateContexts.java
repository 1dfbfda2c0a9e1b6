package org.facteur.imap.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

import org.facteur.imap.protocol.ImapWriter;

/**
 * The updating contexts of one selected mailbox (RFC 5267 4.3), by the tag of the command that
 * made each. They end with the selection (a new SELECT, CLOSE, UNSELECT) or by CANCELUPDATE.
 *
 * <p>Cost: after anything changed in the mailbox (an arrival, a flag change, an expunge, by any
 * session) each context runs its search (and sort) once more at the next point where the session
 * sends updates; so at most {@value #LIMIT} per selection, beyond which UPDATE is refused with
 * NOUPDATE (RFC 5267 4.3.1 asks for at least one).
 */
public final class UpdateContexts {

    static final int LIMIT = 5;

    private final Map<String, UpdateContext> byTag = new LinkedHashMap<>();
    private volatile boolean stale;

    /** RFC 5267 4.3: a tag already naming a context cannot make another (the command is BAD). */
    public boolean inUse(String tag) {
        return byTag.containsKey(tag);
    }

    /** Whether a new context would pass the limit (RFC 5267 4.3.1: NOUPDATE). */
    public boolean full() {
        return byTag.size() >= LIMIT;
    }

    /**
     * A new context holding {@code resultUids} in the requested order; {@code sorted} for SORT
     * (positions matter), {@code uid} for the UID forms (UIDs, else sequence numbers, RFC 5267
     * 4.3.2). {@code rerun} gives the current result the same way.
     */
    public void add(String tag, boolean uid, boolean sorted, List<Long> resultUids, Supplier<List<Long>> rerun) {
        byTag.put(tag, new UpdateContext(tag, uid, sorted, resultUids, rerun));
    }

    /** RFC 5267 4.3.5 CANCELUPDATE; false when no context has that tag. */
    public boolean cancel(String tag) {
        return byTag.remove(tag) != null;
    }

    /** Something in the mailbox changed (called from any thread): refresh at the next chance. */
    public void changed() {
        stale = true;
    }

    /** RFC 5267 4.3.4: REMOVEFROM for a message about to be expunged, before its EXPUNGE. */
    public void beforeExpunge(ImapWriter out, long uid, long sequence) {
        for (UpdateContext context : byTag.values()) {
            context.beforeExpunge(out, uid, sequence);
        }
    }

    /**
     * If something changed, brings every context up to date; called after EXISTS was sent, so
     * the sequence numbers of ADDTO are valid (RFC 5267 4.3.3).
     */
    public void refresh(ImapWriter out, LongUnaryOperator sequenceOf) {
        if (!stale || byTag.isEmpty()) {
            return;
        }
        stale = false;
        for (UpdateContext context : byTag.values()) {
            context.refresh(out, sequenceOf);
        }
    }
}
