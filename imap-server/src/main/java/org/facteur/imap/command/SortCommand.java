package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.search.ReturnOptions;
import org.facteur.imap.search.SearchException;
import org.facteur.imap.search.SearchRequest;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.imap.sort.SortCriteria;
import org.facteur.imap.sort.SortMessage;
import org.facteur.imap.sort.SortResultWriter;

/**
 * RFC 5256 SORT and UID SORT: {@code SORT (criteria) charset search-keys}, answered
 * {@code * SORT n...} from the sort keys the store keeps; with a MODSEQ key, the highest MODSEQ
 * of the result follows (RFC 7162 3.1.9). With {@code RETURN (...)} (ESORT, RFC 5267 3.1) the
 * answer is an ESEARCH response instead; RETURN (UPDATE) keeps the sorted result up to date in the
 * client with positions (CONTEXT=SORT, RFC 5267 4.3) and PARTIAL answers a window of it (4.4).
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
        // RFC 5267 3: SORT RETURN (options) criteria charset keys, answered with ESEARCH (ESORT).
        boolean extended = request.args().size() > 0 && request.arg(0) instanceof Arg.Atom atom && atom.is("RETURN");
        int at = extended ? 2 : 0;
        request.expect(at + 3, Integer.MAX_VALUE);
        ReturnOptions options = extended ? ReturnOptions.parse(request.arg(1)) : null;
        if (options != null && options.save()) {
            // RFC 5182's SAVE is defined for SEARCH; a sorted result has no single meaning as $.
            throw new BadCommandException("SAVE is a SEARCH return option, not a SORT one");
        }
        SortCriteria criteria = SortCriteria.parse(request.arg(at));
        boolean update = options != null && options.update();
        Contexts.checkTag(session.selected(), request, update);
        SearchRequest search;
        try {
            search = SearchCommand.charsetAndKeys(session, request, at + 1);
        } catch (SearchException e) {
            return SearchCommand.refusal(e);
        }
        List<SortMessage> sorted = sorted(session, criteria, search);
        if (extended) {
            List<Long> numbers = new ArrayList<>(sorted.size());
            List<Long> modSeqs = new ArrayList<>(sorted.size());
            for (SortMessage m : sorted) {
                numbers.add(request.uid() ? m.record().uid() : m.sequenceNumber());
                modSeqs.add(m.record().modSeq());
            }
            SortResultWriter.write(session.writer(), request.tag(), request.uid(), options, numbers,
                    search.usesModSeq() ? modSeqs : null);
            if (update) {
                SearchRequest program = search;
                Contexts.open(session, request, true, uids(sorted), () -> uids(sorted(session, criteria, program)));
            }
        } else {
            writeSort(session, request, search, sorted);
        }
        return Reply.ok(request.name() + " completed");
    }

    private static List<SortMessage> sorted(ImapSession session, SortCriteria criteria, SearchRequest search) {
        return criteria.sort(SortSource.of(session, SearchCommand.matches(session, search), criteria.needsKeys()));
    }

    private static List<Long> uids(List<SortMessage> sorted) {
        List<Long> uids = new ArrayList<>(sorted.size());
        sorted.forEach(m -> uids.add(m.record().uid()));
        return uids;
    }

    /** {@code * SORT 2 3 1} (RFC 5256 BASE.7.2.SORT), in pieces so that 100,000 numbers need no huge string. */
    private static void writeSort(ImapSession session, Request request, SearchRequest search, List<SortMessage> sorted) {
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
    }
}
