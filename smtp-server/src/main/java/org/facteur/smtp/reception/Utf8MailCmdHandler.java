package org.facteur.smtp.reception;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.MailCmdHandler;

/** MAIL as James does it, with UTF-8 reverse-paths carried by {@link Utf8Addresses}. */
final class Utf8MailCmdHandler extends MailCmdHandler {

    Utf8MailCmdHandler(MetricFactory metrics) {
        super(metrics);
    }

    @Override
    protected Response doFilterChecks(SMTPSession session, String command, String argument) {
        Object rewritten = Utf8Addresses.rewrite(session, argument, true);
        if (rewritten instanceof Response refusal) {
            return refusal;
        }
        return super.doFilterChecks(session, command, (String) rewritten);
    }
}
