package org.facteur.smtp.reception;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;

import org.facteur.text.Ascii;

/**
 * SMTPUTF8 (RFC 6531) on top of James 3.8.1, whose address type refuses non-ASCII local parts:
 * before James parses a MAIL or RCPT path holding UTF-8, the path is replaced by an ASCII
 * stand-in ({@code <u8.N@smtputf8.invalid>}), and the real address is kept in the
 * {@link Transaction}; our hooks and the queue envelope only ever see the real one. Only stand-ins
 * made in this transaction are mapped back, so a client cannot forge one.
 */
final class Utf8Addresses {

    private static final Pattern PATH = Pattern.compile("^(\\s*(?:[Ff][Rr][Oo][Mm]|[Tt][Oo])\\s*:\\s*<)([^<>]*)(>.*)$",
            Pattern.DOTALL);
    private static final Pattern SMTPUTF8 = Pattern.compile("(?i)(^|\\s)SMTPUTF8(\\s|$)");
    static final String STAND_IN_DOMAIN = "smtputf8.invalid";

    /** RFC 6531 3.6 / RFC 3463 5.6.7: a UTF-8 address without SMTPUTF8. */
    private static final Response NEEDS_SMTPUTF8 = new SMTPResponse("553",
            "5.6.7 Non-ASCII address needs the SMTPUTF8 parameter").immutable();

    private Utf8Addresses() {
    }

    /** The argument to give James, or a refusal; {@code mail} is true for MAIL, false for RCPT. */
    static Object rewrite(ProtocolSession session, String argument, boolean mail) {
        if (argument == null || Ascii.isAscii(argument)) {
            return argument;
        }
        Matcher m = PATH.matcher(argument);
        if (!m.matches() || Ascii.isAscii(m.group(2))) {
            return argument; // not a path James will accept anyway, or UTF-8 only in the parameters
        }
        Transaction tx = Transaction.of(session);
        boolean utf8 = mail ? SMTPUTF8.matcher(m.group(3).substring(1)).find() : tx.smtpUtf8;
        if (!utf8) {
            return NEEDS_SMTPUTF8;
        }
        String standIn = "u8." + tx.utf8Addresses.size() + "@" + STAND_IN_DOMAIN;
        tx.utf8Addresses.put(standIn, m.group(2));
        return m.group(1) + standIn + m.group(3);
    }

    /** The real address behind {@code address} if it is one of this transaction's stand-ins. */
    static String real(ProtocolSession session, String address) {
        return Transaction.of(session).utf8Addresses.getOrDefault(address, address);
    }
}
