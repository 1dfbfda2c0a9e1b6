package org.facteur.imap.command;

import java.util.Optional;
import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.SpecialUse;

/**
 * RFC 3501 6.3.3 CREATE: missing parents are created too; a trailing delimiter is dropped. The
 * one parameter is USE (RFC 6154 3, CREATE-SPECIAL-USE), kept with the folder by the store so
 * that LIST shows it.
 */
final class CreateCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 2);
        String name = Mailboxes.newName(session, request.arg(0));
        while (name.endsWith(MailStore.DELIMITER)) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new BadCommandException("empty mailbox name");
        }
        Optional<SpecialUse> use;
        try {
            use = request.args().size() == 2 ? CreateParameters.specialUse(request.arg(1)) : Optional.empty();
        } catch (CreateParameters.UnsupportedUse e) {
            // RFC 6154 3: the mailbox MUST NOT be created, and USEATTR says why.
            return Reply.no("[USEATTR] " + e.getMessage());
        }
        if (name.equals(MailStore.INBOX)) {
            return Reply.no("[ALREADYEXISTS] INBOX always exists");
        }
        if (session.store().mailbox(session.user(), name).isPresent()) {
            return Reply.no("[ALREADYEXISTS] mailbox exists");
        }
        session.store().createMailbox(session.user(), name, use);
        return Reply.ok("CREATE completed");
    }
}
