package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 3501 6.3.4 DELETE. INBOX cannot be deleted. A mailbox with children is refused, whole:
 * RFC 3501 would empty it and keep its name as \Noselect, a state the store does not have (every
 * mailbox it holds is selectable, parents created on the way included). RFC 9051 6.3.4 allows
 * the refusal and names its code, HASCHILDREN; Dovecot refuses too ("delete them first").
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
            // RFC 9051 6.3.4 and 7.1: a rev1 client ignores a code it does not know (RFC 3501 7.1).
            return Reply.no("[HASCHILDREN] delete the mailbox's children first");
        }
        if (session.state() == SessionState.SELECTED && session.selected().id().equals(mailbox.id())) {
            session.unselect();
        }
        session.store().deleteMailbox(session.user(), mailbox.name());
        return Reply.ok("DELETE completed");
    }
}
