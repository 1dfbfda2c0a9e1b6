package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;

/** RFC 3501 6.3.10 STATUS. */
final class StatusCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 2);
        StatusItems items = StatusItems.parse(request.arg(1));
        items.checkVersion(session);
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "NONEXISTENT");
        items.write(session, mailbox);
        return Reply.ok("STATUS completed");
    }
}
