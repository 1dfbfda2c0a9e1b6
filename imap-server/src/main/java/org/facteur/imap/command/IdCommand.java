package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** RFC 2971 ID: the client's list (or NIL) is read and ignored; the server names itself. */
final class IdCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return ANY;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 1);
        Arg arg = request.arg(0);
        boolean nil = arg instanceof Arg.Atom atom && atom.is("NIL");
        if (!nil && !(arg instanceof Arg.Group group && group.items().size() % 2 == 0 && group.items().size() <= 60)) {
            throw new BadCommandException("ID takes NIL or a list of field-value pairs");
        }
        session.writer().raw("* ID (\"name\" \"facteur\" \"vendor\" \"facteur\")\r\n");
        return Reply.ok("ID completed");
    }
}
