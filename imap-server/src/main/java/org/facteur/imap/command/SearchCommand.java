package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.facteur.imap.search.SearchException;
import org.facteur.imap.search.SearchRequest;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MessageRecord;

/**
 * RFC 3501 6.4.4 SEARCH and UID SEARCH (ESEARCH results with RETURN, RFC 4731). Keys are parsed
 * and matched by the search package over this session's view.
 */
final class SearchCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public boolean allowsExpunge(Request request) {
        return request.uid(); // RFC 3501 7.4.1
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        SelectedMailbox view = session.selected();
        SearchRequest search;
        try {
            search = SearchRequest.parse(request.args());
        } catch (SearchException e) {
            return Reply.no((e.responseCode() == null ? "" : "[" + e.responseCode() + "] ") + e.getMessage());
        }
        List<MessageRecord> records = view.inView(session.store().messages(view.id()));
        long maxSequence = view.exists();
        long maxUid = view.highestUid();
        List<Long> numbers = new ArrayList<>();
        for (MessageRecord record : records) {
            long seq = view.sequenceNumber(record.uid());
            if (search.matches(new SelectedMessage(session.store(), view, seq, record), maxSequence, maxUid)) {
                numbers.add(request.uid() ? record.uid() : seq);
            }
        }
        search.writeResult(session.writer(), request.tag(), request.uid(), numbers);
        return Reply.ok(request.name() + " completed");
    }
}
