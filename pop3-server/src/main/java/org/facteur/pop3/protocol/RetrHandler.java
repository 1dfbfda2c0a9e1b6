package org.facteur.pop3.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.facteur.pop3.maildrop.StoreMaildrop.MessageGoneException;
import org.facteur.pop3.transfer.MultiLineStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RETR and TOP (RFC 1939 7): the message's stored bytes, byte-stuffed, streamed from its file
 * as the socket drains (Netty's ChunkedWriteHandler pulls the stream chunk by chunk).
 */
final class RetrHandler implements CommandHandler<POP3Session> {

    private static final Logger LOG = LoggerFactory.getLogger(RetrHandler.class);

    @Override
    public Response onCommand(POP3Session session, Request request) {
        String argument = request.getArgument();
        boolean top = request.getCommand().equals("TOP");
        long lines = MultiLineStream.WHOLE_MESSAGE;
        String number = argument;
        if (top) {
            String[] parts = argument == null ? new String[0] : argument.split(" +");
            if (parts.length != 2) {
                return Replies.err("Usage: TOP msg n");
            }
            number = parts[0];
            try {
                lines = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                lines = -1;
            }
            if (lines < 0) {
                return Replies.err("Usage: TOP msg n, n a number of lines");
            }
        } else if (argument == null) {
            return Replies.err("Usage: RETR msg");
        }
        MessageSelection selection = MessageSelection.of(session, number);
        if (selection.failed()) {
            return selection.error();
        }
        InputStream content;
        try {
            content = session.getUserMailbox().getMessage(selection.message().getUid());
        } catch (MessageGoneException e) {
            return Replies.err("Message " + number + " was removed by another session");
        } catch (IOException e) {
            LOG.error("pop3.read_error session={} uidl={}", session.getSessionID(), selection.message().getUid(), e);
            return Replies.err(Replies.SYS_TEMP, "Cannot read message " + number);
        }
        long size = selection.message().getSize();
        if (top) {
            return new StreamReply("Top of message follows", content, lines, size);
        }
        return new StreamReply(size + " octets", content, MultiLineStream.WHOLE_MESSAGE, size);
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("RETR", "TOP");
    }
}
