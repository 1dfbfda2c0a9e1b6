package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 5267 4.3.5 CANCELUPDATE: {@code CANCELUPDATE "tag" ...} ends the updating contexts those
 * commands opened; a tag naming none is BAD, and then none is cancelled.
 */
final class CancelUpdateCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, Integer.MAX_VALUE);
        for (Arg arg : request.args()) {
            // RFC 5267 5: "CANCELUPDATE" 1*(SP quoted)
            if (!(arg instanceof Arg.Str str && !str.literal())) {
                throw new BadCommandException("CANCELUPDATE takes quoted tags");
            }
            if (!session.selected().contexts().inUse(str.utf8())) {
                throw new BadCommandException("no updating context has the tag " + str.utf8());
            }
        }
        for (Arg arg : request.args()) {
            session.selected().contexts().cancel(((Arg.Str) arg).utf8());
        }
        return Reply.ok("CANCELUPDATE completed");
    }
}
