package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 3501 6.2.3 LOGIN; refused before TLS unless plaintext logins are allowed (LOGINDISABLED). */
final class LoginCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return NOT_AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 2);
        if (!session.authenticationAllowed()) {
            return Reply.no("[PRIVACYREQUIRED] LOGIN is disabled before STARTTLS"); // RFC 5530
        }
        return Authentication.check(session, request.tag(), request.text(0), request.text(1).toCharArray());
    }
}
