package org.facteur.pop3.protocol;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.UnknownCommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/** Any command facteur does not implement (APOP among them). */
final class UnknownHandler extends UnknownCommandHandler<POP3Session> {

    @Override
    public Response onCommand(POP3Session session, Request request) {
        return Replies.err("Unknown command");
    }
}
