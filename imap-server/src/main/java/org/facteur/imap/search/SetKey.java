package org.facteur.imap.search;

import org.facteur.imap.protocol.SequenceSet;

/**
 * A sequence set as a key, or UID with a set (RFC 3501 6.4.4). In UID SEARCH a bare set still
 * means sequence numbers (RFC 3501 6.4.8: the arguments keep their meaning). The set stays ranges,
 * so {@code 1:4294967295} costs one comparison per message. {@code $} and {@code UID $} both name
 * the messages of the saved result (RFC 5182 2.1: it holds messages, not numbers).
 */
record SetKey(SequenceSet set, boolean uid) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        if (set.isSavedResult()) {
            return message.savedResult().contains(message.target().record().uid());
        }
        return uid
                ? set.contains(message.target().record().uid(), message.maxUid())
                : set.contains(message.target().sequenceNumber(), message.maxSequence());
    }

    @Override
    public Cost cost() {
        return Cost.RECORD;
    }
}
