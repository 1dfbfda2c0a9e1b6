package org.facteur.pop3.protocol;

import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/** A message number of the session's list (RFC 1939 5), or the -ERR that says why not. */
record MessageSelection(MessageMetaData message, Response error) {

    static MessageSelection of(POP3Session session, String number) {
        if (session.getHandlerState() != POP3Session.TRANSACTION) {
            return failure("Not logged in");
        }
        int n;
        try {
            n = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return failure("Not a message number: " + number);
        }
        List<MessageMetaData> list = session.getAttachment(POP3Session.UID_LIST, ProtocolSession.State.Transaction)
                .orElse(List.of());
        if (n < 1 || n > list.size()) {
            return failure("There is no message " + n);
        }
        MessageMetaData message = list.get(n - 1);
        Optional<List<String>> deleted = session.getAttachment(POP3Session.DELETED_UID_LIST,
                ProtocolSession.State.Transaction);
        if (deleted.isPresent() && deleted.get().contains(message.getUid())) {
            return failure("Message " + n + " is deleted");
        }
        return new MessageSelection(message, null);
    }

    private static MessageSelection failure(String text) {
        return new MessageSelection(null, Replies.err(text));
    }

    boolean failed() {
        return error != null;
    }
}
