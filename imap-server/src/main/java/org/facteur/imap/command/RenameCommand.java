package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 3501 6.3.5 RENAME, children included; renaming INBOX moves its messages to the new
 * mailbox and leaves INBOX empty (the store does both).
 */
final class RenameCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 2);
        MailboxInfo from = Mailboxes.find(session, request.arg(0), "NONEXISTENT");
        String to = Mailboxes.newName(session, request.arg(1));
        if (session.store().mailbox(session.user(), to).isPresent()) {
            return Reply.no("[ALREADYEXISTS] the new name is taken");
        }
        session.store().renameMailbox(session.user(), from.name(), to);
        return Reply.ok("RENAME completed");
    }
}
