package org.facteur.imap.command;

import org.facteur.imap.protocol.SequenceSet;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.mailbox.UidSet;

/** The messages a FETCH, STORE, COPY or MOVE names, as UIDs of the session's view. */
final class MessageSets {

    private MessageSets() {
    }

    /** Sequence numbers, or UIDs for the UID form (RFC 3501 6.4.8), kept to this view. */
    static UidSet uids(SelectedMailbox view, Request request, int argument) {
        SequenceSet set = SequenceSet.parse(request.text(argument));
        return request.uid() ? view.restrict(view.uidsOfUidSet(set)) : view.uidsOfSequence(set);
    }
}
