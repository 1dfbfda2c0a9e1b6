package org.facteur.imap.command;

import java.util.List;
import java.util.Set;

import org.facteur.imap.search.SearchException;
import org.facteur.imap.search.SearchRequest;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.imap.sort.SortCriteria;
import org.facteur.imap.sort.SortMessage;

/**
 * RFC 5256 SORT and UID SORT: {@code SORT (criteria) charset search-keys}, answered
 * {@code * SORT n...} from the sort keys the store keeps; with a MODSEQ key, the highest MODSEQ
 * of the result follows (RFC 7162 3.1.9).
 */
final class SortCommand implements CommandHandler {

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
        SortCriteria criteria = SortCriteria.parse(request.arg(0));
        SearchRequest search;
        try {
            search = SearchCommand.charsetAndKeys(session, request, 1);
        } catch (SearchException e) {
            return SearchCommand.refusal(e);
        }
        List<SortMessage> sorted = criteria.sort(
                SortSource.of(session, SearchCommand.matches(session, search), criteria.needsKeys()));
        StringBuilder line = new StringBuilder("* SORT");
        long highestModSeq = 0;
        for (SortMessage m : sorted) {
            line.append(' ').append(request.uid() ? m.record().uid() : m.sequenceNumber());
            highestModSeq = Math.max(highestModSeq, m.record().modSeq());
            if (line.length() >= 8192) {
                session.writer().raw(line.toString());
                line.setLength(0);
            }
        }
        if (search.usesModSeq() && !sorted.isEmpty()) {
            line.append(" (MODSEQ ").append(highestModSeq).append(')');
        }
        session.writer().raw(line.append("\r\n").toString());
        return Reply.ok(request.name() + " completed");
    }
}
