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
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.4 SEARCH and UID SEARCH (ESEARCH results with RETURN, RFC 4731; always after
 * ENABLE IMAP4rev2, RFC 9051 6.4.4). Keys are parsed and matched by the search package over this
 * session's view. RETURN (SAVE) keeps the result in the view for {@code $} (RFC 5182); RETURN
 * (UPDATE) keeps the client's copy up to date (RFC 5267 4.3, {@link Contexts}); RETURN (PARTIAL)
 * answers a window of the result (RFC 5267 4.4).
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
        boolean save = SearchRequest.asksToSave(request.args());
        SearchRequest search;
        List<SelectedMessage> matches;
        try {
            search = SearchRequest.parse(request.args());
            Contexts.checkTag(view, request, search.updates());
            if (session.enabled().imap4rev2()) {
                search = search.withEsearchAnswer();
            }
            enableCondstoreFor(session, search);
            matches = matches(session, search);
        } catch (SearchException e) {
            forgetSavedResult(view, save);
            return refusal(e);
        } catch (RuntimeException e) {
            forgetSavedResult(view, save);
            throw e;
        }
        List<Long> numbers = new ArrayList<>();
        List<Long> uids = new ArrayList<>();
        List<Long> modSeqs = new ArrayList<>();
        for (SelectedMessage m : matches) {
            numbers.add(request.uid() ? m.record().uid() : m.sequenceNumber());
            uids.add(m.record().uid());
            modSeqs.add(m.record().modSeq());
        }
        if (search.saves()) {
            // After the matching: "$" in this very command still meant the previous result (RFC 5182 2.1).
            view.saveResult(search.savedUids(uids));
        }
        search.writeResult(session.writer(), request.tag(), request.uid(), numbers, modSeqs);
        if (search.updates()) {
            SearchRequest program = search;
            Contexts.open(session, request, false, uids, () -> uids(matches(session, program)));
        }
        return Reply.ok(request.name() + " completed" + (search.saves() ? ", result saved" : ""));
    }

    private static List<Long> uids(List<SelectedMessage> messages) {
        List<Long> uids = new ArrayList<>(messages.size());
        messages.forEach(m -> uids.add(m.record().uid()));
        return uids;
    }

    /** RFC 5182 2.1: a SEARCH that asked for SAVE and failed leaves {@code $} empty, not the older result. */
    private static void forgetSavedResult(SelectedMailbox view, boolean save) {
        if (save) {
            view.saveResult(UidSet.of());
        }
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
            if (search.matches(m, maxSequence, maxUid, view.savedResult())) {
                matched.add(m);
            }
        }
        return matched;
    }
}
