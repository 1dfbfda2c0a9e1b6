package org.facteur.smtp.reception;

import java.util.List;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * SIZE (RFC 1870): the limit advertised on EHLO and the size a client declares on MAIL, checked
 * against it before any data is sent. The data path enforces the limit again on the octets
 * themselves ({@link DataReceiver}).
 *
 * <p>Ours rather than James 3.8.1's MailSizeEsmtpExtension, which parses the value as an
 * {@code int} (a valid 10-digit size is refused as a syntax error) and logs every malformed or
 * oversized declaration at ERROR: any client could fill the log with alarms (fuzz findings
 * crash-bad-size-logged-as-error.txt and crash-size-overflow.txt).
 */
final class SizeParameter implements EhloExtension, MailParametersHook {

    private static final String[] PARAMETERS = {"SIZE"};

    private final long maxMessageSize;

    /** @param maxMessageSize the limit in octets, or 0 for none (then SIZE is advertised without a value) */
    SizeParameter(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        // RFC 1870 4: "SIZE 0" or a bare "SIZE" both mean no fixed limit; we say the latter.
        return List.of(maxMessageSize > 0 ? "SIZE " + maxMessageSize : "SIZE");
    }

    @Override
    public String[] getMailParamNames() {
        return PARAMETERS.clone();
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        // RFC 1870 3: size-value ::= 1*20DIGIT
        if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Replies.BAD_SIZE;
        }
        // Past 18 digits a value no longer fits a long, and is far over any limit anyway.
        if (maxMessageSize > 0 && (value.length() > 18 || Long.parseLong(value) > maxMessageSize)) {
            return Replies.DECLARED_TOO_BIG; // RFC 1870 6.1
        }
        // Kept for RCPT's quota check (RFC 1870 6.2); past a long, it is over any quota.
        Transaction.of(session).declaredSize = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
        return HookResult.DECLINED;
    }
}
