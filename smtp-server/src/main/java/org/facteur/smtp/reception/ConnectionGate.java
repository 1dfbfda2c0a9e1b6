package org.facteur.smtp.reception;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.WelcomeMessageHandler;
import org.facteur.guard.ConnectionLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a new connection within the connection limits (the {@link ConnectionLimits} every
 * listener shares) and greets it with James's banner; past a limit the client gets
 * {@code 421 4.7.0} and the connection is closed (RFC 5321 3.8: a server that cannot serve
 * answers 421 in place of the greeting). The place is given back when the connection closes.
 */
final class ConnectionGate implements ConnectHandler<SMTPSession>, DisconnectHandler<SMTPSession> {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final ConnectionLimits limits;
    private final WelcomeMessageHandler greeting = new WelcomeMessageHandler();

    /** Limits of this listener's own: {@code maxTotal} and {@code maxPerIp}, 0 for no limit. */
    ConnectionGate(int maxTotal, int maxPerIp) {
        this(new ConnectionLimits(maxTotal == 0 ? Integer.MAX_VALUE : maxTotal,
                maxPerIp == 0 ? Integer.MAX_VALUE : maxPerIp));
    }

    /** Limits shared with other listeners (the submission listeners share IMAP's and POP3's). */
    ConnectionGate(ConnectionLimits limits) {
        this.limits = limits;
    }

    @Override
    public Response onConnect(SMTPSession session) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        if (!limits.tryAcquire(client)) {
            LOG.info("smtp.connection_refused session={} client={} reason=limit", session.getSessionID(), client);
            SMTPResponse refusal = new SMTPResponse("421", "4.7.0 Too many connections, try again later");
            refusal.setEndSession(true);
            return refusal;
        }
        SessionState.of(session).admitted = true;
        return greeting.onConnect(session);
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        SessionState state = SessionState.of(session);
        if (state.admitted) {
            state.admitted = false;
            limits.release(session.getRemoteAddress().getAddress().getHostAddress());
        }
    }
}
