package org.facteur.imap.command;

import java.util.List;
import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MailboxStatus;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.3.1 SELECT and 6.3.2 EXAMINE (RFC 9051 6.3.2 after ENABLE IMAP4rev2). A failed SELECT leaves no mailbox selected. Every
 * mailbox keeps MODSEQs, so HIGHESTMODSEQ is always sent (RFC 7162 3.1.2.1), never NOMODSEQ; the
 * CONDSTORE and QRESYNC parameters are RFC 7162 3.1.8 and 3.2.5.
 */
final class SelectCommand implements CommandHandler {

    /** The most sequence match pairs (RFC 7162 3.2.5.2) read; clients send a small sample. */
    private static final int MAX_MATCH_PAIRS = 10_000;

    private final boolean readOnly;

    SelectCommand(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 2);
        SelectParameters parameters = request.args().size() == 2
                ? SelectParameters.parse(request.arg(1)) : SelectParameters.NONE;
        if (parameters.qresync() != null && !session.enabled().qresync()) {
            throw new BadCommandException("QRESYNC needs ENABLE QRESYNC first"); // RFC 7162 3.2.5
        }
        if (session.state() == SessionState.SELECTED) {
            session.unselect();
            session.writer().raw("* OK [CLOSED] previous mailbox closed\r\n"); // RFC 7162 3.2.11
        }
        if (parameters.condstore()) {
            session.condstoreEnabled(); // nothing is selected: HIGHESTMODSEQ comes below
        }
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "NONEXISTENT");
        SelectedMailbox view = session.select(mailbox, readOnly);
        MailboxStatus status = session.store().status(mailbox.id());
        long uidNext = Math.max(status.uidNext(), view.highestUid() + 1);
        ImapWriter w = session.writer();
        view.writeFlagList(w);
        w.raw("* ").number(view.exists()).raw(" EXISTS\r\n");
        if (session.enabled().imap4rev2()) {
            // RFC 9051 6.3.2: LIST is a required response, RECENT and UNSEEN are gone.
            ListCommand.writeListResponse(session, mailbox);
        } else {
            w.raw("* ").number(view.recentCount()).raw(" RECENT\r\n");
            if (view.firstUnseenAtOpen() > 0) {
                w.raw("* OK [UNSEEN ").number(view.firstUnseenAtOpen()).raw("] first unseen\r\n");
            }
        }
        w.raw("* OK [UIDVALIDITY ").number(mailbox.uidValidity()).raw("] UIDs valid\r\n");
        w.raw("* OK [UIDNEXT ").number(uidNext).raw("] predicted next UID\r\n");
        w.raw("* OK [HIGHESTMODSEQ ").number(status.highestModSeq()).raw("] highest mod-sequence\r\n");
        SelectParameters.Qresync qresync = parameters.qresync();
        // RFC 7162 3.2.5: another UIDVALIDITY means the client starts over; nothing to resync.
        if (qresync != null && qresync.uidValidity() == mailbox.uidValidity()) {
            UidSet known = qresync.knownUids() == null
                    ? (uidNext > 1 ? UidSet.range(1, uidNext - 1) : UidSet.of())
                    : qresync.knownUids().resolve(Math.max(1, uidNext - 1));
            Resync.writeVanishedEarlier(session, view, known, firstUnknownUid(view, qresync), qresync.modSeq());
            Resync.writeChangedFlags(session, view, known, qresync.modSeq());
        }
        return Reply.ok(readOnly ? "[READ-ONLY] EXAMINE completed" : "[READ-WRITE] SELECT completed");
    }

    /**
     * RFC 7162 3.2.5.2: the pairs of sequence number and UID that still hold, in order, tell that
     * the client knows every expunge up to the last of them; VANISHED starts after it.
     */
    private static long firstUnknownUid(SelectedMailbox view, SelectParameters.Qresync qresync) {
        if (qresync.matchSequences() == null || view.exists() == 0) {
            return 1;
        }
        List<Long> sequences = SelectParameters.expand(qresync.matchSequences().resolve(view.exists()), MAX_MATCH_PAIRS);
        List<Long> uids = SelectParameters.expand(qresync.matchUids().resolve(view.highestUid()), MAX_MATCH_PAIRS);
        if (sequences == null || uids == null || sequences.size() != uids.size()) {
            return 1;
        }
        long from = 1;
        for (int i = 0; i < sequences.size(); i++) {
            long seq = sequences.get(i);
            if (seq < 1 || seq > view.exists() || view.uid(seq) != uids.get(i)) {
                break;
            }
            from = uids.get(i) + 1;
        }
        return from;
    }
}
