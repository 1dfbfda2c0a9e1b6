package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 4978 3 COMPRESS: {@code COMPRESS DEFLATE} after login, with or without TLS, once per
 * connection (a second time is NO [COMPRESSIONACTIVE], RFC 5530 3); any other mechanism is BAD.
 */
final class CompressCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 1);
        if (!request.text(0).equalsIgnoreCase("DEFLATE")) {
            return Reply.bad("unknown compression mechanism " + request.text(0));
        }
        if (session.compressed()) {
            return Reply.no("[COMPRESSIONACTIVE] DEFLATE is already active");
        }
        session.startCompression(request.tag());
        return Reply.LATER;
    }
}
