package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.imap.session.UidLists;
import org.facteur.mailbox.FlagChange;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.6 STORE and UID STORE: FLAGS, +FLAGS, -FLAGS, each with .SILENT. Without .SILENT
 * every message of the set gets an untagged FETCH with its flags (and UID for UID STORE). RFC
 * 7162 3.1.3 adds the UNCHANGEDSINCE modifier: messages changed since are left alone and named in
 * {@code [MODIFIED ...]}, and every message of the set gets a FETCH with its MODSEQ, .SILENT or not.
 */
final class StoreCommand implements CommandHandler {

    private static final String UNCHANGEDSINCE = "UNCHANGEDSINCE";

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
        // RFC 4466 2.5: store-modifiers come between the set and the item.
        boolean conditional = request.arg(1) instanceof Arg.Group;
        long unchangedSince = Long.MAX_VALUE;
        int at = 1;
        if (conditional) {
            unchangedSince = Modifiers.parse("STORE", request.arg(1), Set.of(UNCHANGEDSINCE), Set.of())
                    .value(UNCHANGEDSINCE);
            at = 2;
            request.expect(4, Integer.MAX_VALUE);
        }
        String item = request.text(at).toUpperCase(Locale.ROOT);
        boolean silent = item.endsWith(".SILENT");
        String base = silent ? item.substring(0, item.length() - ".SILENT".length()) : item;
        FlagUpdate how = switch (base) {
            case "FLAGS" -> FlagUpdate.REPLACE;
            case "+FLAGS" -> FlagUpdate.ADD;
            case "-FLAGS" -> FlagUpdate.REMOVE;
            default -> throw new BadCommandException("unknown STORE item " + item);
        };
        Flags flags = FlagList.parse(request.args().subList(at + 1, request.args().size()));
        UidSet uids = MessageSets.uids(view, request, 0);
        if (view.readOnly()) {
            return Reply.no("[READ-ONLY] the mailbox is read-only");
        }
        if (conditional) {
            session.condstoreEnabled(); // RFC 7162 3.1
        }
        if (uids.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        FlagChange change = session.store().setFlags(view.id(), uids, how, flags, unchangedSince);
        view.ownFlagChanges(change.changed());
        ImapWriter w = session.writer();
        // Even with .SILENT: the mailbox's set of flags changed (RFC 3501 7.2.6).
        change.changed().forEach(r -> view.announceKeywords(w, r.flags()));
        Set<Long> changed = new HashSet<>();
        change.changed().forEach(r -> changed.add(r.uid()));
        Set<Long> modified = new HashSet<>(change.modified());
        boolean condstore = session.enabled().condstore();
        if (!silent || conditional || condstore) {
            for (MessageRecord r : view.inView(session.store().messages(view.id(), uids))) {
                if (!silent || modified.contains(r.uid())) {
                    // RFC 7162 3.1.3 recommends the current flags of a message that failed the test.
                    view.announceKeywords(w, r.flags()); // another session may have added one meanwhile
                    view.writeFlagsFetch(w, r, true, request.uid());
                } else if (conditional || changed.contains(r.uid())) {
                    // RFC 7162 3.1.3 and its example 14: the new MODSEQ even after .SILENT.
                    view.writeFlagsFetch(w, r, false, request.uid());
                }
            }
        }
        if (!modified.isEmpty()) {
            List<Long> numbers = new ArrayList<>();
            for (long uid : change.modified()) {
                numbers.add(request.uid() ? uid : view.sequenceNumber(uid));
            }
            numbers.sort(null);
            return Reply.ok("[MODIFIED " + UidLists.format(numbers) + "] conditional " + request.name() + " failed for some");
        }
        return Reply.ok(request.name() + " completed");
    }
}
