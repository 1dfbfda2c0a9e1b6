package org.facteur.pop3.protocol;

import java.util.Collection;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/** PASS (RFC 1939 7): checks the password of the USER name, off the I/O thread. */
final class PassHandler implements CommandHandler<POP3Session> {

    private final Pop3Context context;
    private final Login login;

    PassHandler(Pop3Context context, Login login) {
        this.context = context;
        this.login = login;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        SessionState state = SessionState.of(session);
        if (session.getHandlerState() == POP3Session.TRANSACTION) {
            return Replies.err("Already logged in");
        }
        if (!context.authAllowed(session)) {
            return Replies.err(Replies.AUTH, Replies.PLAINTEXT_REFUSED);
        }
        if (session.getHandlerState() != POP3Session.AUTHENTICATION_USERSET || state.pendingUser == null) {
            return Replies.err("USER first");
        }
        String user = state.pendingUser;
        state.pendingUser = null;
        session.setHandlerState(POP3Session.AUTHENTICATION_READY);
        String password = request.getArgument() == null ? "" : request.getArgument();
        return login.attempt(session, user, password.toCharArray());
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("PASS");
    }
}
