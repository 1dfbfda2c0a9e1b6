package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 3501 6.2.1 STARTTLS, on the imap listener before login. */
final class StartTlsCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return NOT_AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        if (session.tls()) {
            return Reply.bad("TLS is already active");
        }
        if (session.resources().settings().tls().isEmpty()) {
            return Reply.no("TLS is not available");
        }
        session.startTls(request.tag());
        return Reply.LATER;
    }
}
