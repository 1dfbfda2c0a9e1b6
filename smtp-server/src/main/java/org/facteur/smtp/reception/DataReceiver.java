package org.facteur.smtp.reception;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSession;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueException;
import org.facteur.smtp.queue.QueueRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one message's data (RFC 5321 4.1.1.4), streaming it into a queue spool file.
 *
 * <p>The rules, applied to the frames {@link SmtpFramer} cuts (whole lines, or a piece of a
 * longer line):
 * <ul>
 * <li>The data ends only at {@code <CRLF>.<CRLF>}: a line that is exactly {@code .<CRLF>} and
 * follows a line ended by CRLF (or is the first line). Bare LF and bare CR end nothing
 * (RFC 5321 2.3.8, 4.1.1.4): {@code <LF>.<LF>}, {@code <LF>.<CRLF>}, {@code <CRLF>.<LF>} and
 * {@code <CR>.<CR>} are message text, so nothing after them can be read as a command (SMTP
 * smuggling, CVE-2023-51764/51765/51766 and James's own CVE-2023-51747).</li>
 * <li>Policy: a message containing a bare CR or a bare LF anywhere is <b>refused</b> after its
 * real end with {@code 554 5.6.0}, and so is one containing a NUL octet; the session goes on.
 * Refusing (as Postfix's {@code smtpd_forbid_bare_newline = yes} does) rather than normalising
 * keeps what we store byte-exact with what was sent and leaves no ambiguity for the next hop.</li>
 * <li>Lines longer than RFC 5322's 998 octets are accepted and kept as they are: a receiver
 * should be liberal (RFC 5322 2.1.1 binds the sender); only the message size limits them.</li>
 * <li>Dot-unstuffing (RFC 5321 4.5.2): a line starting with a period loses that first period.</li>
 * <li>The size limit (SIZE, RFC 1870) counts the unstuffed octets as they arrive; past it the
 * spool file is dropped at once, the rest is read and discarded, and the reply is
 * {@code 552 5.3.4}.</li>
 * </ul>
 * On {@code <CRLF>.<CRLF>} the spool is committed (fsynced) into the queue, off the I/O thread
 * ({@link Committer}), and only then is {@code 250} written; then the same committer thread
 * hands the message to the queue runner ({@link QueueRunner#deliverNew}).
 */
final class DataReceiver implements LineHandler<SMTPSession> {

    private static final Logger LOG = LoggerFactory.getLogger("org.facteur.smtp.transaction");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private final MailQueue.Spool spool;
    private final QueueRunner runner;
    private final Committer committer;
    private final ErrorLimit errorLimit;
    private final long maxSize;
    private final String helo;
    private final MaybeSender sender;
    private final Transaction tx;

    private MailQueue.Spool open;
    private boolean lineStart = true;
    private boolean cleanLineStart = true;
    private byte prev = '\n';
    private boolean prevLfClean = true;
    private long size;
    private boolean tooBig;
    private boolean bareEnding;
    private boolean nul;
    private IOException writeError;

    DataReceiver(MailQueue.Spool spool, QueueRunner runner, Committer committer, ErrorLimit errorLimit, long maxSize,
                 String helo, MaybeSender sender, Transaction tx) {
        this.spool = spool;
        this.open = spool;
        this.runner = runner;
        this.committer = committer;
        this.errorLimit = errorLimit;
        this.maxSize = maxSize;
        this.helo = helo;
        this.sender = sender;
        this.tx = tx;
    }

    /** Writes our trace header (RFC 5321 4.4) first in the spool file. */
    void start(SMTPSession session, String hostname) throws IOException {
        byte[] received = receivedHeader(session, hostname).getBytes(StandardCharsets.UTF_8);
        spool.write(received, 0, received.length);
    }

    /**
     * A frame of data: whole lines, or a piece of a long line (see {@link SmtpFramer}). The end
     * of the data, {@code .<CRLF>}, always comes alone in its frame.
     */
    @Override
    public Response onLine(SMTPSession session, byte[] frame) {
        int n = frame.length;
        if (lineStart && cleanLineStart && n == 3 && frame[0] == '.' && frame[1] == '\r' && frame[2] == '\n') {
            return finish(session);
        }
        int stuffing = 0; // periods that start a line (RFC 5321 4.5.2): not part of the message
        boolean atLineStart = lineStart;
        for (int i = 0; i < n; i++) {
            byte b = frame[i];
            if (atLineStart && b == '.') {
                stuffing++;
            }
            if (b == '\n') {
                if (prev != '\r') {
                    bareEnding = true;
                }
                prevLfClean = prev == '\r';
            } else if (prev == '\r') {
                bareEnding = true;
            }
            if (b == 0) {
                nul = true;
            }
            atLineStart = b == '\n';
            prev = b;
        }
        boolean frameAtLineStart = lineStart;
        lineStart = atLineStart;
        cleanLineStart = lineStart && prevLfClean;
        size += n - stuffing;
        if (maxSize > 0 && size > maxSize) {
            tooBig = true;
        }
        if (tooBig || bareEnding || nul || writeError != null) {
            drop();
            return null;
        }
        try {
            if (stuffing == 0) {
                open.write(frame, 0, n);
            } else {
                writeUnstuffed(frame, frameAtLineStart);
            }
        } catch (IOException e) {
            writeError = e;
            drop();
        }
        return null;
    }

    /** Writes {@code frame} without the period that starts each of its lines. */
    private void writeUnstuffed(byte[] frame, boolean atLineStart) throws IOException {
        int from = 0;
        for (int i = 0; i < frame.length; i++) {
            if (atLineStart && frame[i] == '.') {
                if (i > from) {
                    open.write(frame, from, i - from);
                }
                from = i + 1;
            }
            atLineStart = frame[i] == '\n';
        }
        if (frame.length > from) {
            open.write(frame, from, frame.length - from);
        }
    }

    private Response finish(SMTPSession session) {
        SessionState.of(session).receivingData = false;
        session.popLineHandler();
        return complete(session);
    }

    /**
     * A BDAT chunk (RFC 3030): octets taken as they are, no dot-unstuffing and no end marker,
     * so none of DATA's line rules apply; only the size limit does.
     */
    void chunk(byte[] bytes) {
        size += bytes.length;
        if (maxSize > 0 && size > maxSize) {
            tooBig = true;
        }
        if (tooBig || writeError != null) {
            drop();
            return;
        }
        try {
            open.write(bytes, 0, bytes.length);
        } catch (IOException e) {
            writeError = e;
            drop();
        }
    }

    /** Whether the message already failed (too big, a write error): BDAT answers at once. */
    boolean failed() {
        return tooBig || writeError != null;
    }

    /**
     * Ends the transaction. A refused message is answered at once (the reply is returned). An
     * accepted one is committed to the queue by the {@link Committer}, off this I/O thread, which
     * writes the reply when the message is durable; null is returned meanwhile.
     */
    Response complete(SMTPSession session) {
        SessionState.of(session).receiver = null;
        Response refusal = refusal();
        if (refusal != null) {
            return conclude(session, "-", refusal);
        }
        Envelope envelope = envelope(session);
        MailQueue.Spool spool = open;
        open = null;
        if (!committer.commit(session, () -> commit(session, spool, envelope),
                outcome -> conclude(session, outcome.queueId(), outcome.reply()), this::deliver)) {
            spool.abort(); // the server is stopping
            return conclude(session, "-", Replies.LOCAL_ERROR);
        }
        return null;
    }

    private Response refusal() {
        if (tooBig) {
            return Replies.TOO_BIG;
        } else if (bareEnding) {
            return Replies.BARE_LINE_ENDING;
        } else if (nul) {
            return Replies.NUL_IN_DATA;
        } else if (writeError != null) {
            return QueueExceptionReplies.of(writeError);
        }
        return null;
    }

    /** {@code queued}: the committed envelope, null if the commit failed. */
    private record Outcome(String queueId, Response reply, Envelope queued) {
    }

    /** Makes the message durable (on a {@link Committer} thread). */
    private Outcome commit(SMTPSession session, MailQueue.Spool spool, Envelope envelope) {
        try {
            Envelope e = spool.commit(envelope);
            return new Outcome(e.queueId(), Replies.queued(e.queueId()), e);
        } catch (QueueException e) {
            LOG.error("smtp.queue_error session={} error=\"{}\"", session.getSessionID(), e.getMessage());
            return new Outcome("-", e.diskFull() ? Replies.DISK_FULL : Replies.LOCAL_ERROR, null);
        }
    }

    /** After the reply is on its way, still on the committer thread: the queue runner takes the message. */
    private void deliver(Outcome outcome) {
        if (outcome.queued() != null) {
            runner.deliverNew(outcome.queued());
        }
    }

    /** Logs the transaction, ends it, and counts a refusal against the session's error limit. */
    private Response conclude(SMTPSession session, String queueId, Response response) {
        drop();
        log(session, queueId, response);
        session.resetState();
        char c = response.getRetCode().charAt(0);
        if ((c == '4' || c == '5') && errorLimit.count(session)) {
            return Replies.tooManyErrors();
        }
        return response;
    }

    /** Drops the spool (refused message, or the client went away). */
    void drop() {
        if (open != null) {
            open.abort();
            open = null;
        }
    }

    private Envelope envelope(SMTPSession session) {
        return new Envelope(spool.id(), Instant.now(), session.getSessionID(), clientIp(session), helo,
                senderAddress(session), 0, tx.body, tx.smtpUtf8, tx.dsnRet,
                tx.dsnEnvelopeId, tx.recipients, tx.deliveries());
    }

    private String senderAddress(SMTPSession session) {
        return sender.asOptional().map(a -> Utf8Addresses.real(session, a.asString())).orElse("");
    }

    private void log(SMTPSession session, String queueId, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String tls = session.getSSLSession().map(s -> s.getProtocol()).orElse("none");
        String user = SessionState.of(session).authUser;
        String auth = user == null ? "" : " auth=" + user; // submission only: MX lines stay as they were
        LOG.info("smtp.transaction session={} client={} helo={} from=<{}> rcpts={} size={} tls={}{} queue={} result=\"{}\"",
                session.getSessionID(), clientIp(session), sanitize(helo),
                senderAddress(session),
                tx.recipients.stream().map(r -> "<" + r.address() + ">").collect(Collectors.joining(",")),
                size, tls, auth, queueId, response.getRetCode() + " " + withoutCode(String.join(" ", response.getLines())));
    }

    /** A reply's text without the code and separator that start its first line ("250 ", "550-"). */
    private static String withoutCode(String reply) {
        if (reply.length() < 4 || reply.charAt(3) != ' ' && reply.charAt(3) != '-') {
            return reply;
        }
        for (int i = 0; i < 3; i++) {
            if (reply.charAt(i) < '0' || reply.charAt(i) > '9') {
                return reply;
            }
        }
        return reply.substring(4);
    }

    private String receivedHeader(SMTPSession session, String hostname) {
        boolean esmtp = "EHLO".equals(session.getAttachment(SMTPSession.CURRENT_HELO_MODE, ProtocolSession.State.Connection)
                .orElse("HELO"));
        StringBuilder with = new StringBuilder();
        // RFC 3848 and RFC 6531 3.7.3 protocol types: ESMTPS, ESMTPA, ESMTPSA, UTF8SMTPSA...
        // The login itself is not written (as Postfix by default): it is in our log line only.
        with.append(tx.smtpUtf8 ? "UTF8SMTP" : esmtp ? "ESMTP" : "SMTP");
        if (session.isTLSStarted()) {
            with.append('S');
        }
        if (SessionState.of(session).authUser != null) {
            with.append('A');
        }
        StringBuilder h = new StringBuilder(256);
        h.append("Received: from ").append(sanitize(helo)).append(" ([").append(clientIp(session)).append("])\r\n")
                .append("\tby ").append(hostname).append(" (facteur) with ").append(with)
                .append(" id ").append(spool.id()).append("\r\n");
        session.getSSLSession().ifPresent((SSLSession s) -> h.append("\t(using ").append(s.getProtocol())
                .append(" with cipher ").append(s.getCipherSuite()).append(")\r\n"));
        if (tx.recipients.size() == 1) {
            // Only for a single recipient: the list of Bcc recipients is nobody's business.
            h.append("\tfor <").append(tx.recipients.get(0).address()).append(">;\r\n");
        } else {
            h.setLength(h.length() - 2);
            h.append(";\r\n");
        }
        h.append('\t').append(DATE.format(ZonedDateTime.now(ZoneId.systemDefault()))).append("\r\n");
        return h.toString();
    }

    private static String clientIp(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The HELO argument goes into a header and a log line: printable ASCII only. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 255));
        for (int i = 0; i < s.length() && i < 255; i++) {
            char c = s.charAt(i);
            b.append(c > ' ' && c < 0x7f && c != '(' && c != ')' ? c : '?');
        }
        return b.length() == 0 ? "unknown" : b.toString();
    }

    /** Maps a spool write failure to a reply. */
    static final class QueueExceptionReplies {
        private QueueExceptionReplies() {
        }

        static Response of(IOException e) {
            return new QueueException("spool write failed", e).diskFull() ? Replies.DISK_FULL : Replies.LOCAL_ERROR;
        }
    }
}
