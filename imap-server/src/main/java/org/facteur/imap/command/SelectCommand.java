package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MailboxStatus;

/**
 * RFC 3501 6.3.1 SELECT and 6.3.2 EXAMINE. A failed SELECT leaves no mailbox selected. No
 * HIGHESTMODSEQ: it belongs to CONDSTORE, which this server does not offer yet.
 */
final class SelectCommand implements CommandHandler {


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
        if (request.args().size() == 2) {
            throw new BadCommandException(request.name() + " parameters are not supported");
        }
        session.unselect();
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "NONEXISTENT");
        SelectedMailbox view = session.select(mailbox, readOnly);
        MailboxStatus status = session.store().status(mailbox.id());
        long uidNext = Math.max(status.uidNext(), view.highestUid() + 1);
        ImapWriter w = session.writer();
        view.writeFlagList(w);
        w.raw("* ").number(view.exists()).raw(" EXISTS\r\n");
        w.raw("* ").number(view.recentCount()).raw(" RECENT\r\n");
        if (view.firstUnseenAtOpen() > 0) {
            w.raw("* OK [UNSEEN ").number(view.firstUnseenAtOpen()).raw("] first unseen\r\n");
        }
        w.raw("* OK [UIDVALIDITY ").number(mailbox.uidValidity()).raw("] UIDs valid\r\n");
        w.raw("* OK [UIDNEXT ").number(uidNext).raw("] predicted next UID\r\n");
        return Reply.ok(readOnly ? "[READ-ONLY] EXAMINE completed" : "[READ-WRITE] SELECT completed");
    }
}
