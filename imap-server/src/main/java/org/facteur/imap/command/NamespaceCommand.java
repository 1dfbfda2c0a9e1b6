package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailStore;

/** RFC 2342 NAMESPACE: one personal namespace, no shared or other users' ones. */
final class NamespaceCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        session.writer().raw("* NAMESPACE ((\"\" \"" + MailStore.DELIMITER + "\")) NIL NIL\r\n");
        return Reply.ok("NAMESPACE completed");
    }
}
