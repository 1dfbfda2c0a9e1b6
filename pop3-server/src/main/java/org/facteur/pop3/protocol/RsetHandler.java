package org.facteur.pop3.protocol;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/**
 * RSET (RFC 1939 5): unmarks the deleted messages. Unlike James's handler it keeps the list
 * taken at login, so message numbers stay what the client was told.
 */
final class RsetHandler implements CommandHandler<POP3Session> {

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() != POP3Session.TRANSACTION) {
            return Replies.err("Not logged in");
        }
        session.getAttachment(POP3Session.DELETED_UID_LIST, ProtocolSession.State.Transaction)
                .ifPresent(List::clear);
        List<MessageMetaData> list = session.getAttachment(POP3Session.UID_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of());
        long octets = list.stream().mapToLong(MessageMetaData::getSize).sum();
        return Replies.ok("Maildrop has " + list.size() + " messages (" + octets + " octets)");
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("RSET");
    }
}
