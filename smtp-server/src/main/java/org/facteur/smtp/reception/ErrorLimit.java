package org.facteur.smtp.reception;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;

/**
 * Counts the 4xx and 5xx replies of a session; past the limit, the reply becomes {@code 421}
 * and the connection is closed (like Postfix's smtpd_hard_error_limit), so a dictionary attack
 * on RCPT or a confused client cannot go on for ever.
 */
final class ErrorLimit implements ProtocolHandlerResultHandler<Response, ProtocolSession> {

    private final int maxErrors;

    ErrorLimit(int maxErrors) {
        this.maxErrors = maxErrors;
    }

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        // James calls result handlers twice per command: from its CommandDispatcher (with the
        // command handler) and again from Netty's handler (with the dispatcher, a LineHandler).
        if (response == null || response.getRetCode() == null || handler instanceof LineHandler) {
            return response;
        }
        char c = response.getRetCode().charAt(0);
        if (c == '4' || c == '5') {
            return count(session) ? Replies.tooManyErrors() : response;
        }
        return response;
    }

    /** Records an error; true if the session has now had too many. */
    boolean count(ProtocolSession session) {
        SessionState state = SessionState.of(session);
        state.errors++;
        return maxErrors > 0 && state.errors >= maxErrors;
    }
}
