package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 5161 ENABLE. No capability of this server needs enabling yet (CONDSTORE, QRESYNC and
 * UTF8=ACCEPT are not offered), so ENABLED lists nothing: RFC 5161 3.1 says unknown or
 * unsupported names are ignored.
 */
final class EnableCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, Integer.MAX_VALUE);
        for (int i = 0; i < request.args().size(); i++) {
            request.text(i);
        }
        session.writer().raw("* ENABLED\r\n");
        return Reply.ok("ENABLE completed");
    }
}
