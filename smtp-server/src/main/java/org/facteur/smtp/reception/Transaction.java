package org.facteur.smtp.reception;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.protocols.api.ProtocolSession;
import org.facteur.smtp.queue.Envelope;

/**
 * One mail transaction as our hooks see it (MAIL to the final dot), kept as a Transaction
 * attachment so that RSET, a new EHLO or the end of DATA drop it with James's own state.
 */
final class Transaction {

    static final ProtocolSession.AttachmentKey<Transaction> KEY =
            ProtocolSession.AttachmentKey.of("facteur.transaction", Transaction.class);

    String body = "";
    boolean smtpUtf8;
    String dsnRet = "";
    String dsnEnvelopeId = "";
    /** The size MAIL FROM declared (RFC 1870 SIZE), 0 when it declared none. */
    long declaredSize;
    final List<Envelope.Recipient> recipients = new ArrayList<>();
    /** ASCII stand-ins given to James for UTF-8 addresses (SMTPUTF8), to the real addresses. */
    final Map<String, String> utf8Addresses = new LinkedHashMap<>();
    /** Target (local user or remote address) to the index of the first RCPT that asked for it. */
    final Map<String, Integer> localTargets = new LinkedHashMap<>();
    final Map<String, Integer> remoteTargets = new LinkedHashMap<>();

    static Transaction of(ProtocolSession session) {
        return session.getAttachment(KEY, ProtocolSession.State.Transaction).orElseGet(() -> {
            Transaction t = new Transaction();
            session.setAttachment(KEY, t, ProtocolSession.State.Transaction);
            return t;
        });
    }

    /** The deliveries, numbered: local users first, then remote addresses, each once. */
    List<Envelope.Delivery> deliveries() {
        List<Envelope.Delivery> out = new ArrayList<>();
        localTargets.forEach((user, rcpt) -> out.add(new Envelope.Delivery(out.size(), Envelope.Kind.LOCAL, user, rcpt)));
        remoteTargets.forEach((addr, rcpt) -> out.add(new Envelope.Delivery(out.size(), Envelope.Kind.REMOTE, addr, rcpt)));
        return out;
    }
}
