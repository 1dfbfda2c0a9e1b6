package org.facteur.imap.command;

import java.util.Optional;
import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.MailboxNames;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailStore;

/** RFC 3501 6.3.3 CREATE: missing parents are created too; a trailing delimiter is dropped. */
final class CreateCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 2);
        if (request.args().size() == 2) {
            throw new BadCommandException("CREATE parameters are not supported");
        }
        String name = MailboxNames.fromWire(request.arg(0));
        while (name.endsWith(MailStore.DELIMITER)) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new BadCommandException("empty mailbox name");
        }
        if (name.equals(MailStore.INBOX)) {
            return Reply.no("[ALREADYEXISTS] INBOX always exists");
        }
        if (session.store().mailbox(session.user(), name).isPresent()) {
            return Reply.no("[ALREADYEXISTS] mailbox exists");
        }
        session.store().createMailbox(session.user(), name, Optional.empty());
        return Reply.ok("CREATE completed");
    }
}
