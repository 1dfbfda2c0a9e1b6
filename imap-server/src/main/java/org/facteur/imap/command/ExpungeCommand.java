package org.facteur.imap.command;

import java.util.List;
import java.util.Set;

import org.facteur.imap.protocol.SequenceSet;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.UidSet;

/** RFC 3501 6.4.3 EXPUNGE and RFC 4315 2.1 UID EXPUNGE: only messages this session knows of. */
final class ExpungeCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(request.uid() ? 1 : 0, request.uid() ? 1 : 0);
        SelectedMailbox view = session.selected();
        if (view.readOnly()) {
            return Reply.no("[READ-ONLY] the mailbox is read-only");
        }
        UidSet uids = request.uid()
                ? view.restrict(view.uidsOfUidSet(SequenceSet.parse(request.text(0))))
                : view.highestUid() == 0 ? UidSet.of() : UidSet.range(1, view.highestUid());
        if (!uids.isEmpty()) {
            List<Long> expunged = session.store().expunge(view.id(), uids);
            view.expunged(session.writer(), expunged);
            if (!expunged.isEmpty() && session.enabled().qresync()) {
                // RFC 7162 3.2.7, 3.2.9: the new HIGHESTMODSEQ. Updates still queued go out before the tagged OK.
                return Reply.ok("[HIGHESTMODSEQ " + session.store().status(view.id()).highestModSeq() + "] "
                        + request.name() + " completed");
            }
        }
        return Reply.ok(request.name() + " completed");
    }
}
