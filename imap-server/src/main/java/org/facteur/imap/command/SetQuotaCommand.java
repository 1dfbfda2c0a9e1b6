package org.facteur.imap.command;

import java.util.List;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 9208 4.1 SETQUOTA root (resource limit ...): checked for syntax, then refused. Limits are
 * the administrator's ({@code quota.storage}); users do not set their own, so QUOTASET is not
 * advertised and every well-formed SETQUOTA gets NO [NOPERM] (RFC 9208 4.1.3).
 */
final class SetQuotaCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 2);
        request.text(0);
        if (!(request.arg(1) instanceof Arg.Group group)) {
            throw new BadCommandException("SETQUOTA: expected (resource limit ...)");
        }
        List<Arg> items = group.items();
        if (items.size() % 2 != 0) {
            throw new BadCommandException("SETQUOTA: expected resource and limit pairs");
        }
        for (int i = 0; i < items.size(); i += 2) {
            // RFC 9208 9: setquota-resource = resource-name SP number64
            String limit = Arg.text(items.get(i + 1));
            if (Arg.text(items.get(i)).isEmpty() || limit.isEmpty() || limit.length() > 19
                    || !limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new BadCommandException("SETQUOTA: expected resource and limit pairs");
            }
        }
        return Reply.no("[NOPERM] quotas are set by the administrator");
    }
}
