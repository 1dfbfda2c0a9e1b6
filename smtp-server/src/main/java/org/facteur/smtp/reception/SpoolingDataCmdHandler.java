package org.facteur.smtp.reception;

import java.util.List;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataCmdHandler;

/**
 * DATA: James's command handler checks the sequence (MAIL and RCPT first, no argument); we then
 * open a spool file in the queue and hand the data to our {@link DataReceiver} instead of James's
 * in-memory {@code MailEnvelopeImpl} and its line filters.
 */
@SuppressWarnings("unchecked") // James's raw getMarkerInterfaces()
final class SpoolingDataCmdHandler extends DataCmdHandler {

    private static final Response BDAT_IN_PROGRESS = new SMTPResponse("503", "5.5.1 BDAT in progress, DATA not allowed")
            .immutable();

    private final Spooler spooler;

    SpoolingDataCmdHandler(MetricFactory metrics, Spooler spooler) {
        super(metrics);
        this.spooler = spooler;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        Response response = super.onCommand(session, request);
        // James 3.8.1's DATA handler turns the STARTTLS injection check off and never back on (it
        // calls the getter where the setter was meant), so after one message a command pipelined
        // behind STARTTLS would run inside the TLS session (CVE-2011-0411). Message data is never
        // checked anyway: SmtpFramer frames it itself. Only before TLS: once STARTTLS has been
        // seen, James's framer takes any input read under the check as an injection, so turning
        // it on inside TLS made the command after every message (QUIT, the next MAIL) fail with 451.
        if (!session.isTLSStarted()) {
            session.startDetectingCommandInjection();
        }
        if (response == null || !Replies.CODE_DATA_READY.equals(response.getRetCode())) {
            SessionState.of(session).receivingData = false; // the framer had switched on DATA
        }
        return response;
    }

    @Override
    protected Response doDATA(SMTPSession session, String argument) {
        Transaction tx = Transaction.of(session);
        SessionState current = SessionState.of(session);
        if (current.receiver != null && current.receiverTransaction == tx) {
            return BDAT_IN_PROGRESS; // RFC 3030 2: no DATA in a BDAT transaction
        }
        if (tx.recipients.isEmpty()) {
            return Replies.NO_VALID_RECIPIENTS;
        }
        Spooler.Opening opening = spooler.open(session, tx);
        if (opening.refusal() != null) {
            return opening.refusal();
        }
        DataReceiver receiver = opening.receiver();
        SessionState state = SessionState.of(session);
        state.receiver = receiver;
        state.receivingData = true;
        session.pushLineHandler(receiver);
        return new SMTPResponse(Replies.CODE_DATA_READY, "End data with <CR><LF>.<CR><LF>");
    }

    /** Our {@link DataReceiver} replaces James's data line filters: nothing to wire. */
    @Override
    @SuppressWarnings("rawtypes")
    public void wireExtensions(Class interfaceName, List extension) {
    }
}
