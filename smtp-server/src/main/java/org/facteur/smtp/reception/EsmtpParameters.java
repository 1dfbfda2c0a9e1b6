package org.facteur.smtp.reception;

import java.util.List;
import java.util.Locale;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * The EHLO keywords James 3.8.1 does not have, added as our own handlers on its chain, and the
 * MAIL parameters that go with them, kept in the {@link Transaction} for the queue's envelope:
 * <ul>
 * <li>SMTPUTF8 (RFC 6531 3.2, parameter 3.4);</li>
 * <li>DSN (RFC 3461 4: RET and ENVID on MAIL here, NOTIFY and ORCPT on RCPT in
 * {@link RecipientHook});</li>
 * <li>BODY (RFC 6152 2: 7BIT and 8BITMIME; James advertises 8BITMIME but ignores BODY).</li>
 * </ul>
 */
final class EsmtpParameters implements EhloExtension, MailParametersHook {

    private static final String[] PARAMETERS = {"BODY", "SMTPUTF8", "smtputf8", "RET", "ENVID"};

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of("SMTPUTF8", "DSN");
    }

    @Override
    public String[] getMailParamNames() {
        return PARAMETERS.clone();
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        Transaction tx = Transaction.of(session);
        String v = value.toUpperCase(Locale.ROOT);
        switch (name.toUpperCase(Locale.ROOT)) {
            case "BODY":
                if (v.equals("BINARYMIME")) {
                    return Replies.BODY_NOT_SUPPORTED;
                }
                if (!v.equals("7BIT") && !v.equals("8BITMIME")) {
                    return Replies.BAD_PARAMETER;
                }
                tx.body = v;
                break;
            case "SMTPUTF8":
                if (!value.isEmpty()) {
                    return Replies.BAD_PARAMETER; // RFC 6531 3.4: no value
                }
                tx.smtpUtf8 = true;
                break;
            case "RET":
                if (!v.equals("FULL") && !v.equals("HDRS")) {
                    return Replies.BAD_PARAMETER;
                }
                tx.dsnRet = v;
                break;
            case "ENVID":
                // RFC 3461 4.4: xtext, at most 100 characters.
                if (value.isEmpty() || value.length() > 100 || !isXtext(value)) {
                    return Replies.BAD_PARAMETER;
                }
                tx.dsnEnvelopeId = value;
                break;
            default:
                return HookResult.DECLINED;
        }
        return HookResult.DECLINED;
    }

    /** RFC 3461 4: xtext is printable ASCII but "+" and "=", with "+XX" hex escapes. */
    static boolean isXtext(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
