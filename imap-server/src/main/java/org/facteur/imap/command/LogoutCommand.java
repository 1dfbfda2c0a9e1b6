package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 3501 6.1.3 LOGOUT: BYE, then the tagged OK, then the server closes. */
final class LogoutCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return ANY;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        session.writer().raw("* BYE logging out\r\n");
        session.writer().raw(request.tag() + " OK LOGOUT completed\r\n");
        session.logout();
        return Reply.LATER;
    }
}
