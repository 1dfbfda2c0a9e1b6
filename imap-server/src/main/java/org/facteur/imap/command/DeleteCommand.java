package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 3501 6.3.4 DELETE. INBOX cannot be deleted. The store refuses a mailbox with children
 * (RFC 3501 would keep it as \Noselect; the store has no such state), so that is a NO [INUSE].
 */
final class DeleteCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 1);
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "NONEXISTENT");
        if (mailbox.name().equals(MailStore.INBOX)) {
            return Reply.no("[CANNOT] INBOX cannot be deleted");
        }
        String prefix = mailbox.name() + MailStore.DELIMITER;
        if (session.store().mailboxes(session.user()).stream().anyMatch(m -> m.name().startsWith(prefix))) {
            return Reply.no("[INUSE] delete the mailbox's children first");
        }
        if (session.state() == SessionState.SELECTED && session.selected().id().equals(mailbox.id())) {
            session.unselect();
        }
        session.store().deleteMailbox(session.user(), mailbox.name());
        return Reply.ok("DELETE completed");
    }
}
