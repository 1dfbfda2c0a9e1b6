package org.facteur.imap.command;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.facteur.imap.fetch.FetchRequest;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.5 FETCH and 6.4.8 UID FETCH. Items are parsed and written by the fetch package;
 * here the messages are chosen and, for a body read without PEEK in a read-write mailbox,
 * {@code \Seen} is set in the store first, its new FLAGS sent with the data.
 */
final class FetchCommand implements CommandHandler {

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
        request.expect(2, Integer.MAX_VALUE);
        SelectedMailbox view = session.selected();
        FetchRequest fetch = FetchRequest.parse(request.args().subList(1, request.args().size()));
        if (request.uid()) {
            fetch = fetch.withUid();
        }
        UidSet uids = MessageSets.uids(view, request, 0);
        if (uids.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        Set<Long> flagsChanged = new HashSet<>();
        if (fetch.marksSeen() && !view.readOnly()) {
            List<MessageRecord> changed = session.store().setFlags(view.id(), uids, FlagUpdate.ADD,
                    Flags.of(SystemFlag.SEEN));
            view.ownFlagChanges(changed);
            changed.forEach(r -> flagsChanged.add(r.uid()));
        }
        List<MessageRecord> records = view.inView(session.store().messages(view.id(), uids));
        for (MessageRecord record : records) {
            long seq = view.sequenceNumber(record.uid());
            fetch.write(session.writer(), seq, new SelectedMessage(session.store(), view, seq, record),
                    flagsChanged.contains(record.uid()));
        }
        return Reply.ok(request.name() + " completed");
    }
}
