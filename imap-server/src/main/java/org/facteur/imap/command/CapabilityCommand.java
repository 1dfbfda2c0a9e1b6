package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 3501 6.1.1 CAPABILITY. */
final class CapabilityCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return ANY;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        session.writer().raw("* CAPABILITY " + session.capabilities() + "\r\n");
        return Reply.ok("CAPABILITY completed");
    }
}
