package org.facteur.smtp.reception;

import java.util.regex.Pattern;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.MailCmdHandler;

/**
 * MAIL as James does it, with UTF-8 reverse-paths carried by {@link Utf8Addresses}, and a
 * malformed SIZE refused here: James refuses it too, but logs every such client error at ERROR,
 * which lets any client fill the log with alarms.
 */
final class Utf8MailCmdHandler extends MailCmdHandler {

    /** RFC 1870 3: size-value ::= 1*20DIGIT. */
    private static final Pattern BAD_SIZE = Pattern.compile("(?i)(^|\\s)SIZE=(?![0-9]{1,20}(\\s|$))");

    private static final Response SIZE_SYNTAX =
            new SMTPResponse("501", "5.5.4 Syntax error in SIZE parameter").immutable();

    Utf8MailCmdHandler(MetricFactory metrics) {
        super(metrics);
    }

    @Override
    protected Response doFilterChecks(SMTPSession session, String command, String argument) {
        if (argument != null && BAD_SIZE.matcher(parametersOf(argument)).find()) {
            return SIZE_SYNTAX;
        }
        Object rewritten = Utf8Addresses.rewrite(session, argument, true);
        if (rewritten instanceof Response refusal) {
            return refusal;
        }
        return super.doFilterChecks(session, command, (String) rewritten);
    }

    private static String parametersOf(String argument) {
        int close = argument.indexOf('>');
        return close < 0 ? "" : argument.substring(close + 1);
    }
}
