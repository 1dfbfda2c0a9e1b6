package org.facteur.pop3.protocol;

import java.util.Collection;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/** USER (RFC 1939 7): names the user whose password PASS gives. */
final class UserHandler implements CommandHandler<POP3Session> {

    private final Pop3Context context;

    UserHandler(Pop3Context context) {
        this.context = context;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() == POP3Session.TRANSACTION) {
            return Replies.err("Already logged in");
        }
        if (!context.authAllowed(session)) {
            return Replies.err(Replies.AUTH, Replies.PLAINTEXT_REFUSED);
        }
        if (request.getArgument() == null) {
            return Replies.err("Usage: USER name");
        }
        SessionState.of(session).pendingUser = request.getArgument();
        session.setHandlerState(POP3Session.AUTHENTICATION_USERSET);
        return Replies.ok("Send PASS");
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("USER");
    }
}
