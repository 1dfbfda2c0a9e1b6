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
        SearchRequest search;
        try {
            search = SearchRequest.parse(request.args());
        } catch (SearchException e) {
            return refusal(e);
        }
        enableCondstoreFor(session, search);
        List<Long> numbers = new ArrayList<>();
        List<Long> modSeqs = new ArrayList<>();
        for (SelectedMessage m : matches(session, search)) {
            numbers.add(request.uid() ? m.record().uid() : m.sequenceNumber());
            modSeqs.add(m.record().modSeq());
        }
        search.writeResult(session.writer(), request.tag(), request.uid(), numbers, modSeqs);
        return Reply.ok(request.name() + " completed");
    }

    /**
     * SORT's and THREAD's charset and search keys, from argument {@code from} on (RFC 5256: the
     * charset is required there), with SEARCH's rules.
     */
    static SearchRequest charsetAndKeys(ImapSession session, Request request, int from) throws SearchException {
        SearchRequest search = SearchRequest.parseKeys(request.text(from),
                request.args().subList(from + 1, request.args().size()));
        enableCondstoreFor(session, search);
        return search;
    }

    /** The NO for search keys we cannot run, with their response code (BADCHARSET...) when there is one. */
    static Reply refusal(SearchException e) {
        return Reply.no((e.responseCode() == null ? "" : "[" + e.responseCode() + "] ") + e.getMessage());
    }

    /** RFC 7162 3.1: a MODSEQ search key is a CONDSTORE enabling command. */
    private static void enableCondstoreFor(ImapSession session, SearchRequest search) {
        if (search.usesModSeq()) {
            session.condstoreEnabled();
        }
    }

    /** The messages of the session's view that match, in mailbox order (also for SORT and THREAD). */
    static List<SelectedMessage> matches(ImapSession session, SearchRequest search) {
        SelectedMailbox view = session.selected();
        List<MessageRecord> records = view.inView(session.store().messages(view.id()));
        long maxSequence = view.exists();
        long maxUid = view.highestUid();
        List<SelectedMessage> matched = new ArrayList<>();
        for (MessageRecord record : records) {
            SelectedMessage m = new SelectedMessage(session.store(), view, view.sequenceNumber(record.uid()), record);
            if (search.matches(m, maxSequence, maxUid)) {
                matched.add(m);
            }
        }
        return matched;
    }
}
