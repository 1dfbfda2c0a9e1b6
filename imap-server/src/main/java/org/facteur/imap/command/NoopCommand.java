package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 3501 6.1.2 NOOP and 6.4.1 CHECK: nothing to do (the store is durable at every command),
 * but the pending untagged updates go out before the OK.
 */
final class NoopCommand implements CommandHandler {

    private final Set<SessionState> validIn;

    NoopCommand(Set<SessionState> validIn) {
        this.validIn = validIn;
    }

    @Override
    public Set<SessionState> validIn() {
        return validIn;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        return Reply.ok(request.name() + " completed");
    }
}
