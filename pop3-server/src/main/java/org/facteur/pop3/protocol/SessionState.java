package org.facteur.pop3.protocol;

import java.util.ArrayDeque;
import java.util.function.BiFunction;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * What facteur keeps per connection beside James's session: the client address, the pending
 * USER name and SASL exchange, failed logins, and the gate that holds commands while a reply is
 * being computed off the I/O thread (see {@link Pop3Dispatcher#defer}).
 */
final class SessionState {

    private static final ProtocolSession.AttachmentKey<SessionState> KEY =
            ProtocolSession.AttachmentKey.of("facteur.pop3.session", SessionState.class);

    final String clientAddress;
    /** The Netty event loop of the connection: where deferred replies are written. */
    final EventExecutor eventLoop;
    volatile boolean admitted;
    /** The name given by USER, until PASS. */
    String pendingUser;
    /** The next line is a SASL response for this continuation (RFC 5034 4), not a command. */
    BiFunction<POP3Session, String, Response> continuation;
    int authFailures;

    // Guarded by this: the gate.
    /** A deferred reply is being computed or queued lines are being run: new lines wait. */
    boolean busy;
    /** A deferred reply is being computed. */
    boolean waiting;
    final ArrayDeque<byte[]> queued = new ArrayDeque<>();

    private SessionState(String clientAddress, EventExecutor eventLoop) {
        this.clientAddress = clientAddress;
        this.eventLoop = eventLoop;
    }

    /** Called on connect, on the connection's event loop thread. */
    static SessionState attach(POP3Session session) {
        String address = session.getRemoteAddress().getAddress().getHostAddress();
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            throw new IllegalStateException("POP3 connect handler must run on a Netty event loop");
        }
        SessionState state = new SessionState(address, loop);
        session.setAttachment(KEY, state, ProtocolSession.State.Connection);
        return state;
    }

    static SessionState of(POP3Session session) {
        return session.getAttachment(KEY, ProtocolSession.State.Connection)
                .orElseThrow(() -> new IllegalStateException("session without facteur state"));
    }
}
