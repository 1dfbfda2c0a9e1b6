package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.UidLists;
import org.facteur.mailbox.ExpungedUids;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.UidSet;

/**
 * What changed in the selected mailbox since a MODSEQ the client knew, for SELECT (QRESYNC ...)
 * (RFC 7162 3.2.5.1) and UID FETCH ... (CHANGEDSINCE n VANISHED) (3.2.6).
 */
final class Resync {

    private Resync() {
    }

    /**
     * {@code * VANISHED (EARLIER) uids} for the UIDs of {@code asked}, from {@code fromUid} on, that
     * were expunged after {@code modSeq}. UIDs still in the session's view (expunged by another
     * session, not yet told) are left to the VANISHED that will follow. When the store's memory of
     * expunges starts after {@code modSeq}, every asked UID below UIDNEXT that is not in the
     * mailbox is reported (RFC 7162 3.2.6: "as if it was requested to report all expunged
     * messages"); the client ignores those it never knew.
     */
    static void writeVanishedEarlier(ImapSession session, SelectedMailbox view, UidSet asked, long fromUid,
                                     long modSeq) {
        long top = Math.max(view.highestUid(), session.store().status(view.id()).uidNext() - 1);
        if (top < fromUid) {
            return;
        }
        ExpungedUids expunged = session.store().expungedSince(view.id(), modSeq);
        UidSet gone;
        if (expunged.complete()) {
            List<Long> uids = new ArrayList<>();
            for (long uid : expunged.uids()) {
                if (uid >= fromUid && uid <= top && asked.contains(uid) && view.sequenceNumber(uid) == 0) {
                    uids.add(uid);
                }
            }
            gone = UidLists.toSet(uids);
        } else {
            gone = UidLists.absent(asked, fromUid, top, present(session, view, asked));
        }
        if (!gone.isEmpty()) {
            session.writer().raw("* VANISHED (EARLIER) ").raw(gone.toString()).raw("\r\n");
        }
    }

    /** The UIDs of the view and of the store (messages not announced yet are not gone), ascending. */
    private static long[] present(ImapSession session, SelectedMailbox view, UidSet asked) {
        java.util.TreeSet<Long> all = new java.util.TreeSet<>();
        for (long uid : view.uids()) {
            all.add(uid);
        }
        for (MessageRecord r : session.store().messages(view.id(), asked)) {
            all.add(r.uid());
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code * n FETCH (FLAGS ... UID u MODSEQ (m))} for the messages of {@code asked} changed after {@code modSeq}. */
    static void writeChangedFlags(ImapSession session, SelectedMailbox view, UidSet asked, long modSeq) {
        ImapWriter out = session.writer();
        for (MessageRecord r : view.inView(session.store().changedSince(view.id(), asked, modSeq))) {
            view.announceKeywords(out, r.flags());
            view.writeFlagsFetch(out, r, true, true);
        }
    }
}
