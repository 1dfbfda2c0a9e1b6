package org.facteur.smtp.reception;

import java.util.ArrayDeque;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;

import io.netty.channel.ChannelPipeline;

/**
 * What facteur keeps per connection beside James's session: whether DATA is being received and
 * whether a commit is in flight (both read by the framer), the error count, and what arrives
 * during a commit ({@link Committer}). Only the connection's event loop touches it: the framer
 * runs there too ({@link SingleThreadNettyServer}), and a commit's reply is handed back to it.
 */
final class SessionState {

    static final ProtocolSession.AttachmentKey<SessionState> KEY =
            ProtocolSession.AttachmentKey.of("facteur.session", SessionState.class);

    boolean receivingData;
    /** The message being received, dropped if the client goes away in the middle. */
    DataReceiver receiver;
    /** The transaction a BDAT receiver belongs to: RSET and EHLO replace it. */
    Transaction receiverTransaction;
    int errors;
    /** Counted in the connection limits ({@link ConnectionGate}): to be given back at the end. */
    boolean admitted;
    /** A message is being committed: input is held, no timeout runs (we are the slow one). */
    boolean committing;
    /** Frames that arrived during a commit, handled after its reply (event loop only). */
    final ArrayDeque<byte[]> held = new ArrayDeque<>();
    /** The canonical address of the user who authenticated (submission), or null. */
    String authUser;
    /** Failed AUTH attempts on this connection. */
    int authFailures;
    /** The connection's pipeline, set by the framer before the first command is handled. */
    ChannelPipeline pipeline;

    static SessionState of(ProtocolSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Connection).orElseGet(() -> {
            SessionState s = new SessionState();
            session.setAttachment(KEY, s, ProtocolSession.State.Connection);
            return s;
        });
    }

    /** Creates the state as the connection opens, before any byte is read; cleans up at the end. */
    static final class Opener implements ConnectHandler<SMTPSession>, DisconnectHandler<SMTPSession> {
        @Override
        public org.apache.james.protocols.api.Response onConnect(SMTPSession session) {
            of(session);
            if (session.isTLSStarted()) {
                // Implicit TLS (RFC 8314): there is no STARTTLS to inject commands behind, and
                // James's check would take a "STARTTLS" line for one and fail every later command.
                session.stopDetectingCommandInjection();
            }
            return null;
        }

        @Override
        public void onDisconnect(SMTPSession session) {
            SessionState state = session.getAttachment(KEY, ProtocolSession.State.Connection).orElse(null);
            if (state != null) {
                if (state.receiver != null) {
                    state.receiver.drop();
                    state.receiver = null;
                }
                state.held.clear();
            }
        }
    }
}
