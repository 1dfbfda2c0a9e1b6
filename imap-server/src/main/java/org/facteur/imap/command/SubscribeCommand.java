package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 3501 6.3.6 SUBSCRIBE and 6.3.7 UNSUBSCRIBE; names need not exist. */
final class SubscribeCommand implements CommandHandler {

    private final boolean subscribe;

    SubscribeCommand(boolean subscribe) {
        this.subscribe = subscribe;
    }

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 1);
        String name = Mailboxes.newName(session, request.arg(0));
        if (subscribe) {
            session.store().subscribe(session.user(), name);
        } else {
            session.store().unsubscribe(session.user(), name);
        }
        return Reply.ok(request.name() + " completed");
    }
}
