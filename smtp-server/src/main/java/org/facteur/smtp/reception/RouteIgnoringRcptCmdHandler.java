package org.facteur.smtp.reception;

import java.util.regex.Pattern;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;

/**
 * RCPT as James does it, with UTF-8 forward-paths carried by {@link Utf8Addresses}, and a source route ({@code <@relay1,@relay2:user@domain>}) is dropped
 * before the address is parsed: RFC 5321 4.1.1.3 says servers SHOULD ignore such routes (and
 * Appendix C), and James's address parser would refuse the whole path with 553. The address left
 * is judged alone, so {@code <@ours:victim@remote>} is a relay attempt like any other.
 */
final class RouteIgnoringRcptCmdHandler extends RcptCmdHandler {

    private static final Pattern ROUTE = Pattern.compile("^(\\s*[Tt][Oo]\\s*:\\s*<)@[^:<>\\s]*:");

    RouteIgnoringRcptCmdHandler(MetricFactory metrics) {
        super(metrics);
    }

    @Override
    protected Response doFilterChecks(SMTPSession session, String command, String argument) {
        String withoutRoute = argument == null ? null : ROUTE.matcher(argument).replaceFirst("$1");
        Object rewritten = Utf8Addresses.rewrite(session, withoutRoute, false);
        if (rewritten instanceof Response refusal) {
            return refusal;
        }
        return super.doFilterChecks(session, command, (String) rewritten);
    }
}
