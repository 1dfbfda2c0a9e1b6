package org.facteur.smtp.reception;

import java.util.List;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.HeloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;

/**
 * James 3.8.1's HELO and EHLO handlers, with the first line of their reply mended: James ends it
 * with a stray parenthesis ({@code 250 mx Hello client [192.0.2.1])}), which clients print and
 * administrators notice.
 */
final class Greeting {

    private Greeting() {
    }

    static final class Ehlo extends EhloCmdHandler {
        Ehlo(MetricFactory metrics) {
            super(metrics);
        }

        @Override
        protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
            return mend(super.doCoreCmd(session, command, parameters));
        }
    }

    static final class Helo extends HeloCmdHandler {
        Helo(MetricFactory metrics) {
            super(metrics);
        }

        @Override
        protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
            return mend(super.doCoreCmd(session, command, parameters));
        }
    }

    /** The same reply without the parenthesis; any other reply as it is. */
    static Response mend(Response reply) {
        if (!(reply instanceof SMTPResponse smtp)) {
            return reply;
        }
        // getLines() gives each line with its code and separator ("250-", "250 ") in front.
        List<CharSequence> lines = smtp.getLines();
        int prefix = smtp.getRetCode().length() + 1;
        String first = lines.get(0).toString().substring(prefix);
        if (!first.endsWith("])")) {
            return reply;
        }
        SMTPResponse mended = new SMTPResponse(smtp.getRetCode(), first.substring(0, first.length() - 1));
        for (CharSequence line : lines.subList(1, lines.size())) {
            mended.appendLine(line.toString().substring(prefix));
        }
        mended.setEndSession(smtp.isEndSession());
        return mended;
    }
}
