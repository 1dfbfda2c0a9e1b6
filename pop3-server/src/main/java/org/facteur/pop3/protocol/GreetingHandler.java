package org.facteur.pop3.protocol;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greets a new connection (RFC 1939 4) or turns it away when the connection limits are reached
 * (RFC 3206 4: [SYS/TEMP]), and gives its place back when it closes.
 */
final class GreetingHandler implements ConnectHandler<POP3Session>, DisconnectHandler<POP3Session> {

    private static final Logger LOG = LoggerFactory.getLogger(GreetingHandler.class);

    private final Pop3Context context;

    GreetingHandler(Pop3Context context) {
        this.context = context;
    }

    @Override
    public Response onConnect(POP3Session session) {
        SessionState state = SessionState.attach(session);
        if (!context.limits().tryAcquire(state.clientAddress)) {
            LOG.info("pop3.connection_refused session={} client={} reason=limit", session.getSessionID(),
                    state.clientAddress);
            return Replies.closing(POP3Response.ERR_RESPONSE, Replies.SYS_TEMP + " Too many connections, try again later");
        }
        state.admitted = true;
        LOG.debug("pop3.connect session={} client={} tls={}", session.getSessionID(), state.clientAddress,
                context.implicitTls());
        return Replies.ok(context.settings().hostname() + " POP3 server ready");
    }

    @Override
    public void onDisconnect(POP3Session session) {
        SessionState state;
        try {
            state = SessionState.of(session);
        } catch (IllegalStateException e) {
            return;
        }
        if (state.admitted) {
            state.admitted = false;
            context.limits().release(state.clientAddress);
        }
        LOG.debug("pop3.disconnect session={} client={}", session.getSessionID(), state.clientAddress);
    }
}
