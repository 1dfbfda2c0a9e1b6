package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.protocol.MailboxNames;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 9208 4.3.1 GETQUOTAROOT mailbox: {@code * QUOTAROOT mailbox root} and the root's
 * {@code * QUOTA}. Without a limit the mailbox has no root: {@code * QUOTAROOT mailbox} alone.
 */
final class GetQuotaRootCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 1);
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "NONEXISTENT");
        session.writer().raw("* QUOTAROOT ").string(MailboxNames.toWire(mailbox.name()));
        if (QuotaRoot.exists(session)) {
            session.writer().raw(" ").string(QuotaRoot.NAME).raw("\r\n");
            QuotaRoot.writeQuota(session);
        } else {
            session.writer().raw("\r\n");
        }
        return Reply.ok("GETQUOTAROOT completed");
    }
}
