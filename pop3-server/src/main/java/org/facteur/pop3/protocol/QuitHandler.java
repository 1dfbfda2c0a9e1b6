package org.facteur.pop3.protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.facteur.pop3.protocol.Pop3Dispatcher.DeferredReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIT (RFC 1939 6): in the TRANSACTION state the session enters UPDATE and the messages marked
 * deleted are removed from the store (so IMAP sessions see them go at once), off the I/O
 * thread. A connection that ends without QUIT removes nothing.
 */
final class QuitHandler implements CommandHandler<POP3Session> {

    private static final Logger LOG = LoggerFactory.getLogger(QuitHandler.class);

    private final Pop3Context context;
    private final Pop3Dispatcher dispatcher;

    QuitHandler(Pop3Context context, Pop3Dispatcher dispatcher) {
        this.context = context;
        this.dispatcher = dispatcher;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        String bye = context.settings().hostname() + " POP3 server signing off";
        if (session.getHandlerState() != POP3Session.TRANSACTION) {
            return Replies.closing(POP3Response.OK_RESPONSE, bye);
        }
        List<String> deleted = session.getAttachment(POP3Session.DELETED_UID_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of());
        if (deleted.isEmpty()) {
            return Replies.closing(POP3Response.OK_RESPONSE, bye);
        }
        String[] uidls = deleted.toArray(String[]::new);
        return dispatcher.defer(session, () -> {
            try {
                session.getUserMailbox().remove(uidls);
                LOG.info("pop3.update session={} removed={}", session.getSessionID(), uidls.length);
                return new DeferredReply(Replies.closing(POP3Response.OK_RESPONSE,
                        bye + " (" + uidls.length + " messages deleted)"), Duration.ZERO);
            } catch (IOException | RuntimeException e) {
                LOG.error("pop3.update_failed session={}", session.getSessionID(), e);
                // RFC 1939 6: -ERR some deleted messages not removed
                return new DeferredReply(Replies.closing(POP3Response.ERR_RESPONSE,
                        Replies.SYS_TEMP + " Some deleted messages not removed"), Duration.ZERO);
            }
        });
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("QUIT");
    }
}
