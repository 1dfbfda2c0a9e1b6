package org.facteur.imap.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.facteur.imap.append.BinaryLiterals;
import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.ClientInput;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 3501 6.3.11 APPEND, with several messages at once (MULTIAPPEND, RFC 3502): all are stored
 * or none, answered with APPENDUID and the UID set (RFC 4315); a missing mailbox is
 * NO [TRYCREATE], a message over APPENDLIMIT is NO [TOOBIG] (RFC 7889), messages past the storage
 * quota NO [OVERQUOTA] (RFC 9208 7.1). A message may be a
 * literal8 (RFC 3516 4.4) or joined from parts and URLs (CATENATE, RFC 4469). Large literals
 * arrive spooled to a file by the decoder.
 */
final class AppendCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, Integer.MAX_VALUE);
        List<AppendMessage> messages = AppendMessage.parseAll(request.args().subList(1, request.args().size()));
        long limit = session.resources().settings().appendLimit();
        for (AppendMessage message : messages) {
            if (message.content() != null && message.size() > limit) {
                return Reply.no("[TOOBIG] message larger than APPENDLIMIT");
            }
        }
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "TRYCREATE");
        List<Arg.Spooled> built = new ArrayList<>();
        try {
            Path spool = session.resources().settings().spoolDirectory();
            List<AppendMessage> ready = new ArrayList<>();
            for (AppendMessage message : messages) {
                Arg content = message.content();
                if (message.catenate() != null) {
                    Arg.Spooled joined = Catenation.build(session, message.catenate(), spool, limit);
                    built.add(joined);
                    content = joined;
                }
                if (message.binary()) {
                    // RFC 3516 4.3: binary parts are stored base64-encoded; BINARY[] decodes them.
                    content = BinaryLiterals.storedForm(AppendMessage.data(content), spool);
                    if (content instanceof Arg.Spooled converted) {
                        built.add(converted);
                    }
                }
                ready.add(message.withContent(content));
            }
            Reply overQuota = QuotaRoot.refusal(session, ready.stream().mapToLong(AppendMessage::size).sum());
            if (overQuota != null) {
                return overQuota;
            }
            List<AppendResult> results = AllOrNothing.append(session.store(), mailbox.id(), ready);
            List<Long> uids = results.stream().map(AppendResult::uid).toList();
            return Reply.ok("[APPENDUID " + results.get(0).uidValidity() + " " + UidLists.compact(uids)
                    + "] APPEND completed");
        } finally {
            new ClientInput.Command("*", "", new ArrayList<>(built)).release();
        }
    }
}
