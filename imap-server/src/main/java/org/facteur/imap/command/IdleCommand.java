package org.facteur.imap.command;

import java.util.Locale;
import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 2177 IDLE: a continuation, then updates pushed as other sessions and deliveries change the
 * mailbox, until the client sends DONE.
 */
final class IdleCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(0, 0);
        session.writer().raw("+ idling\r\n");
        session.idle(line -> {
            Reply reply = line.toUpperCase(Locale.ROOT).equals("DONE") ? Reply.ok("IDLE terminated")
                    : Reply.bad("expected DONE");
            session.finish(request.tag(), reply, true);
            session.resumeInput(false);
        });
        return Reply.LATER;
    }
}
