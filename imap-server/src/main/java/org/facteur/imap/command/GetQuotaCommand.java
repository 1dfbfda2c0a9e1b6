package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 9208 4.2 GETQUOTA root: the user's one root, or NO when there is no such root. */
final class GetQuotaCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 1);
        if (!QuotaRoot.exists(session) || !QuotaRoot.NAME.equals(request.text(0))) {
            return Reply.no("[NONEXISTENT] no such quota root");
        }
        QuotaRoot.writeQuota(session);
        return Reply.ok("GETQUOTA completed");
    }
}
