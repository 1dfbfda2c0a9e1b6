package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.2 CLOSE (removes \Deleted messages silently unless read-only) and RFC 3691
 * UNSELECT (removes nothing); both leave the selected state.
 */
final class CloseCommand implements CommandHandler {

    private final boolean expunge;

    CloseCommand(boolean expunge) {
        this.expunge = expunge;
    }

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        SelectedMailbox view = session.selected();
        if (expunge && !view.readOnly() && view.highestUid() > 0) {
            session.store().expunge(view.id(), UidSet.range(1, view.highestUid()));
        }
        session.unselect();
        return Reply.ok(request.name() + " completed");
    }
}
