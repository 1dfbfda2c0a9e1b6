package org.facteur.imap.command;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.6 STORE and UID STORE: FLAGS, +FLAGS, -FLAGS, each with .SILENT. Without .SILENT
 * every message of the set gets an untagged FETCH with its flags (and UID for UID STORE).
 */
final class StoreCommand implements CommandHandler {

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
        request.expect(3, Integer.MAX_VALUE);
        SelectedMailbox view = session.selected();
        String item = request.text(1).toUpperCase(Locale.ROOT);
        boolean silent = item.endsWith(".SILENT");
        String base = silent ? item.substring(0, item.length() - ".SILENT".length()) : item;
        FlagUpdate how = switch (base) {
            case "FLAGS" -> FlagUpdate.REPLACE;
            case "+FLAGS" -> FlagUpdate.ADD;
            case "-FLAGS" -> FlagUpdate.REMOVE;
            default -> throw new BadCommandException("unknown STORE item " + item);
        };
        Flags flags = FlagList.parse(request.args().subList(2, request.args().size()));
        UidSet uids = MessageSets.uids(view, request, 0);
        if (view.readOnly()) {
            return Reply.no("[READ-ONLY] the mailbox is read-only");
        }
        if (uids.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        List<MessageRecord> changed = session.store().setFlags(view.id(), uids, how, flags);
        view.ownFlagChanges(changed);
        ImapWriter w = session.writer();
        // Even with .SILENT: the mailbox's set of flags changed (RFC 3501 7.2.6).
        changed.forEach(r -> view.announceKeywords(w, r.flags()));
        if (!silent) {
            for (MessageRecord r : view.inView(session.store().messages(view.id(), uids))) {
                view.announceKeywords(w, r.flags()); // another session may have added one meanwhile
                w.raw("* ").number(view.sequenceNumber(r.uid())).raw(" FETCH (FLAGS ");
                SelectedMailbox.writeFlags(w, r.flags(), view.isRecent(r.uid()));
                if (request.uid()) {
                    w.raw(" UID ").number(r.uid());
                }
                w.raw(")\r\n");
            }
        }
        return Reply.ok(request.name() + " completed");
    }
}
