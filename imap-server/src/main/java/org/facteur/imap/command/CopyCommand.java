package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.UidMapping;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.7 COPY and RFC 6851 MOVE, with their UID forms. COPYUID (RFC 4315) goes in the
 * tagged OK of COPY, and for MOVE in an untagged OK before the EXPUNGEs (RFC 6851 4.3).
 */
final class CopyCommand implements CommandHandler {

    private final boolean move;

    CopyCommand(boolean move) {
        this.move = move;
    }

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 2);
        SelectedMailbox view = session.selected();
        UidSet uids = MessageSets.uids(view, request, 0);
        MailboxInfo target = Mailboxes.find(session, request.arg(1), "TRYCREATE");
        if (move && view.readOnly()) {
            return Reply.no("[READ-ONLY] the mailbox is read-only");
        }
        if (uids.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        UidMapping mapping = move ? session.store().move(view.id(), uids, target.id())
                : session.store().copy(view.id(), uids, target.id());
        if (mapping.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        String copyUid = "[COPYUID " + mapping.destinationUidValidity() + " "
                + UidLists.compact(mapping.sourceUids()) + " " + UidLists.compact(mapping.destinationUids()) + "]";
        if (!move) {
            return Reply.ok(copyUid + " COPY completed");
        }
        session.writer().raw("* OK " + copyUid + " moved\r\n");
        view.expunged(session.writer(), mapping.sourceUids());
        return Reply.ok(request.name() + " completed");
    }
}
