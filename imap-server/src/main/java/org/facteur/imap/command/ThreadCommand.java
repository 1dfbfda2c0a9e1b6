package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.search.SearchException;
import org.facteur.imap.search.SearchRequest;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.imap.sort.Threader;

/**
 * RFC 5256 THREAD and UID THREAD: {@code THREAD algorithm charset search-keys}, with the
 * ORDEREDSUBJECT and REFERENCES algorithms, from the sort keys the store keeps.
 */
final class ThreadCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public boolean allowsExpunge(Request request) {
        return request.uid(); // RFC 3501 7.4.1, as SEARCH
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(3, Integer.MAX_VALUE);
        Threader threader = Threader.named(request.text(0));
        if (threader == null) {
            throw new BadCommandException("unknown THREAD algorithm " + request.text(0));
        }
        SearchRequest search;
        try {
            search = SearchCommand.charsetAndKeys(session, request, 1);
        } catch (SearchException e) {
            return SearchCommand.refusal(e);
        }
        String threads = threader.thread(SortSource.of(session, SearchCommand.matches(session, search), true),
                m -> request.uid() ? m.record().uid() : m.sequenceNumber());
        session.writer().raw("* THREAD" + (threads.isEmpty() ? "" : " " + threads) + "\r\n");
        return Reply.ok(request.name() + " completed");
    }
}
