package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.UidLists;
import org.facteur.imap.sort.SortMessage;
import org.facteur.mailbox.SortKeys;

/** What SORT and THREAD order: the search's matches, each with the sort keys the store keeps. */
final class SortSource {

    private SortSource() {
    }

    /**
     * The matches (in mailbox order) as messages to sort, with their keys when {@code withKeys};
     * a message expunged meanwhile by another session is left out (RFC 2180 4.1.3).
     */
    static List<SortMessage> of(ImapSession session, List<SelectedMessage> matches, boolean withKeys) {
        List<SortMessage> out = new ArrayList<>(matches.size());
        if (!withKeys) {
            matches.forEach(m -> out.add(new SortMessage(m.sequenceNumber(), m.record(), null)));
            return out;
        }
        List<Long> uids = new ArrayList<>(matches.size());
        matches.forEach(m -> uids.add(m.record().uid()));
        List<SortKeys> keys = session.store().sortKeys(session.selected().id(), UidLists.toSet(uids));
        // Both lists ascend by UID: one walk joins them.
        int k = 0;
        for (SelectedMessage m : matches) {
            long uid = m.record().uid();
            while (k < keys.size() && keys.get(k).uid() < uid) {
                k++;
            }
            if (k < keys.size() && keys.get(k).uid() == uid) {
                out.add(new SortMessage(m.sequenceNumber(), m.record(), keys.get(k++)));
            }
        }
        return out;
    }
}
