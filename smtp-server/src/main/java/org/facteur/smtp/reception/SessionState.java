package org.facteur.smtp.reception;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * What facteur keeps per connection beside James's session: whether DATA is being received (the
 * framer reads it from another thread, hence volatile) and the error count.
 */
final class SessionState {

    static final ProtocolSession.AttachmentKey<SessionState> KEY =
            ProtocolSession.AttachmentKey.of("facteur.session", SessionState.class);

    volatile boolean receivingData;
    /** The message being received, dropped if the client goes away in the middle. */
    DataReceiver receiver;
    /** The transaction a BDAT receiver belongs to: RSET and EHLO replace it. */
    Transaction receiverTransaction;
    int errors;

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
            return null;
        }

        @Override
        public void onDisconnect(SMTPSession session) {
            SessionState state = session.getAttachment(KEY, ProtocolSession.State.Connection).orElse(null);
            if (state != null && state.receiver != null) {
                state.receiver.drop();
                state.receiver = null;
            }
        }
    }
}
