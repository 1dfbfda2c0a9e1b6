package org.facteur.smtp.reception;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
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
    private static final Pattern SPACES = Pattern.compile(" +");

    /** RFC 5321 4.1.1.11 / RFC 3463 5.5.4. */
    private static final Response DUPLICATE_PARAMETER = new SMTPResponse("501", "5.5.4 Duplicate parameter").immutable();

    RouteIgnoringRcptCmdHandler(MetricFactory metrics) {
        super(metrics);
    }

    @Override
    protected Response doFilterChecks(SMTPSession session, String command, String argument) {
        if (argument != null && hasDuplicateParameter(argument)) {
            return DUPLICATE_PARAMETER; // James would throw building its parameter map, and disconnect
        }
        // A route always has "<@"; most arguments do not, and skip the regex (once per RCPT).
        String withoutRoute = argument == null || !argument.contains("<@") ? argument
                : ROUTE.matcher(argument).replaceFirst("$1");
        Object rewritten = Utf8Addresses.rewrite(session, withoutRoute, false);
        if (rewritten instanceof Response refusal) {
            return refusal;
        }
        return super.doFilterChecks(session, command, (String) rewritten);
    }

    /**
     * Reads the parameters the way James's RcptCmdHandler will: the words after the first word
     * that follows the first colon, so that every input James would choke on is caught here.
     */
    private static boolean hasDuplicateParameter(String argument) {
        int colon = argument.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String[] words = SPACES.split(argument.substring(colon + 1).trim());
        Set<String> names = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty() && !names.add(words[i].split("=", 2)[0].toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
