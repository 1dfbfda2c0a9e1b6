package org.facteur.pop3.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * CAPA (RFC 2449 5). USER and SASL are listed only while they may be used: before STLS on the
 * plain listener they are refused (unless pop3.allow_plaintext_auth), so a client learns to
 * start TLS first, as LOGINDISABLED tells an IMAP client (RFC 3501 6.2.3). STLS is listed only
 * in the AUTHORIZATION state of a connection not yet under TLS (RFC 2595 4).
 */
final class CapaHandler implements CommandHandler<POP3Session> {

    private final Pop3Context context;

    CapaHandler(Pop3Context context) {
        this.context = context;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        boolean authorization = session.getHandlerState() != POP3Session.TRANSACTION;
        List<String> lines = new ArrayList<>();
        lines.add(Capability.TOP.line());
        lines.add(Capability.UIDL.line());
        if (authorization && context.authAllowed(session)) {
            lines.add(Capability.USER.line());
            lines.add(Capability.SASL.line());
        }
        lines.add(Capability.RESP_CODES.line());
        lines.add(Capability.AUTH_RESP_CODE.line());
        lines.add(Capability.PIPELINING.line());
        if (authorization && session.isStartTLSSupported() && !session.isTLSStarted()) {
            lines.add(Capability.STLS.line());
        }
        lines.add(Capability.IMPLEMENTATION.line());
        return Replies.multiLine("Capability list follows", lines);
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("CAPA");
    }
}
