package org.facteur.smtp.reception;

import java.io.IOException;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueException;
import org.facteur.smtp.queue.QueueRunner;

/**
 * Opens the spool file of a transaction's message and the {@link DataReceiver} that fills it:
 * the step DATA and BDAT share before their data arrives.
 */
final class Spooler {

    /** A receiver ready for data, or the reply that refuses the command. */
    record Opening(DataReceiver receiver, Response refusal) {
    }

    private final MailQueue queue;
    private final QueueRunner runner;
    private final Committer committer;
    private final ErrorLimit errorLimit;
    private final long maxSize;
    private final String hostname;

    Spooler(MailQueue queue, QueueRunner runner, Committer committer, ErrorLimit errorLimit, long maxSize,
            String hostname) {
        this.queue = queue;
        this.runner = runner;
        this.committer = committer;
        this.errorLimit = errorLimit;
        this.maxSize = maxSize;
        this.hostname = hostname;
    }

    Opening open(SMTPSession session, Transaction tx) {
        MaybeSender sender = session.getAttachment(SMTPSession.SENDER, ProtocolSession.State.Transaction)
                .orElse(MaybeSender.nullSender());
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection).orElse("");
        MailQueue.Spool spool;
        try {
            spool = queue.newSpool();
        } catch (QueueException e) {
            return new Opening(null, e.diskFull() ? Replies.DISK_FULL : Replies.LOCAL_ERROR);
        }
        DataReceiver receiver = new DataReceiver(spool, runner, committer, errorLimit, maxSize, helo, sender, tx);
        try {
            receiver.start(session, hostname);
        } catch (IOException e) {
            receiver.drop();
            return new Opening(null, DataReceiver.QueueExceptionReplies.of(e));
        }
        return new Opening(receiver, null);
    }
}
