package org.facteur.smtp.reception;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

/**
 * CHUNKING (RFC 3030): {@code BDAT <size> [LAST]}, a handler of our own on James's chain.
 *
 * <p>{@link SmtpFramer} sees the BDAT line first and hands the next {@code size} octets on as
 * raw frames; this handler pushes a {@link LineHandler} that feeds them to the message's
 * {@link DataReceiver} and answers once the chunk is complete: {@code 250} for a chunk, the
 * queue's answer for the LAST one. A BDAT that cannot be accepted (no MAIL or RCPT, RFC 3030 2)
 * still has its octets read and discarded before the refusal, so they are never taken for
 * commands. BINARYMIME is not offered; DATA in a BDAT transaction is refused.
 */
final class BdatCmdHandler implements CommandHandler<SMTPSession>, EhloExtension {

    private static final Response SYNTAX = new SMTPResponse("501", "5.5.4 Syntax: BDAT <size> [LAST]").immutable();
    private static final Response NO_TRANSACTION = new SMTPResponse("503", "5.5.1 MAIL and RCPT first").immutable();

    private final Spooler spooler;

    BdatCmdHandler(Spooler spooler) {
        this.spooler = spooler;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of("CHUNKING");
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("BDAT");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Optional<Bdat> parsed = Bdat.parse(request.getArgument());
        if (parsed.isEmpty()) {
            return SYNTAX;
        }
        Bdat bdat = parsed.get();
        SessionState state = SessionState.of(session);
        Transaction tx = Transaction.of(session);
        if (state.receiver != null && state.receiverTransaction != tx) {
            state.receiver.drop(); // RSET or EHLO ended that transaction
            state.receiver = null;
        }
        DataReceiver receiver = state.receiver;
        if (receiver == null) {
            if (tx.recipients.isEmpty() || !session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction).isPresent()) {
                return discard(session, bdat, NO_TRANSACTION);
            }
            Response refusal = open(session, tx);
            if (refusal != null) {
                return discard(session, bdat, refusal);
            }
            receiver = state.receiver;
        }
        if (bdat.size() == 0) {
            return answer(session, receiver, bdat);
        }
        DataReceiver r = receiver;
        long[] remaining = {bdat.size()};
        session.pushLineHandler((LineHandler<SMTPSession>) (s, bytes) -> {
            r.chunk(bytes);
            remaining[0] -= bytes.length;
            if (remaining[0] > 0) {
                return null;
            }
            s.popLineHandler();
            return answer(s, r, bdat);
        });
        return null;
    }

    private Response answer(SMTPSession session, DataReceiver receiver, Bdat bdat) {
        if (bdat.last() || receiver.failed()) {
            return receiver.complete(session);
        }
        return new SMTPResponse("250", "2.0.0 " + bdat.size() + " octets received");
    }

    private Response open(SMTPSession session, Transaction tx) {
        Spooler.Opening opening = spooler.open(session, tx);
        if (opening.refusal() != null) {
            return opening.refusal();
        }
        DataReceiver receiver = opening.receiver();
        SessionState state = SessionState.of(session);
        state.receiver = receiver;
        state.receiverTransaction = tx;
        return null;
    }

    /** Reads and drops the chunk's octets, then refuses. */
    private static Response discard(SMTPSession session, Bdat bdat, Response refusal) {
        if (bdat.size() == 0) {
            return refusal;
        }
        long[] remaining = {bdat.size()};
        session.pushLineHandler((LineHandler<SMTPSession>) (s, bytes) -> {
            remaining[0] -= bytes.length;
            if (remaining[0] > 0) {
                return null;
            }
            s.popLineHandler();
            return refusal;
        });
        return null;
    }
}
