package org.facteur.imap.command;

import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.facteur.imap.fetch.FetchRequest;
import org.facteur.imap.fetch.UnknownEncodingException;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.protocol.SequenceSet;
import org.facteur.imap.session.EnabledExtensions;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.5 FETCH and 6.4.8 UID FETCH, with RFC 7162's CHANGEDSINCE and VANISHED modifiers. Items are parsed and written by the fetch package;
 * here the messages are chosen and, for a body read without PEEK in a read-write mailbox,
 * {@code \Seen} is set in the store first, its new FLAGS sent with the data.
 */
public final class FetchCommand implements CommandHandler {

    /** Responses of messages up to this size are prepared in memory (see {@link #writePrepared}). */
    private static final long PREPARE_BELOW = 1024 * 1024;
    private static final String CHANGEDSINCE = "CHANGEDSINCE";
    private static final String VANISHED = "VANISHED";

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
        request.expect(2, 3);
        SelectedMailbox view = session.selected();
        // RFC 4466 2.4: fetch-modifiers follow the items.
        Modifiers modifiers = request.args().size() == 3
                ? Modifiers.parse("FETCH", request.arg(2), Set.of(CHANGEDSINCE), Set.of(VANISHED))
                : Modifiers.NONE;
        FetchRequest fetch = FetchRequest.parse(request.args().subList(1, 2));
        checkVanished(session, request, modifiers);
        if (request.uid()) {
            fetch = fetch.withUid();
        }
        if (modifiers.has(CHANGEDSINCE)) {
            fetch = fetch.withModSeq(); // RFC 7162 3.1.4.1
        }
        EnabledExtensions enabled = session.enabled();
        if (fetch.asksModSeq()) {
            session.condstoreEnabled(); // RFC 7162 3.1
        }
        if (enabled.condstore() && fetch.marksSeen() && !view.readOnly()) {
            fetch = fetch.withUid().withModSeq(); // RFC 7162 3.2.4
        }
        if (modifiers.has(VANISHED)) {
            // RFC 7162 3.2.6: VANISHED (EARLIER) before any FETCH.
            Resync.writeVanishedEarlier(session, view, view.uidsOfUidSet(SequenceSet.parse(request.text(0))), 1,
                    modifiers.value(CHANGEDSINCE));
        }
        UidSet uids = MessageSets.uids(view, request, 0);
        if (uids.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        long changedSince = modifiers.has(CHANGEDSINCE) ? modifiers.value(CHANGEDSINCE) : -1;
        Set<Long> flagsChanged = new HashSet<>();
        if (fetch.marksSeen() && !view.readOnly()) {
            List<MessageRecord> changed = session.store().setFlags(view.id(), uids, FlagUpdate.ADD,
                    Flags.of(SystemFlag.SEEN));
            view.ownFlagChanges(changed);
            changed.forEach(r -> flagsChanged.add(r.uid()));
        }
        // RFC 7162 3.1.4.1: with CHANGEDSINCE only the messages changed since; the store skips the rest.
        List<MessageRecord> records = view.inView(session.store().changedSince(view.id(), uids, changedSince));
        try {
            writeAll(session, view, fetch, records, flagsChanged);
        } catch (UnknownEncodingException e) {
            return Reply.no(e.getMessage()); // RFC 3516 4.3
        }
        return Reply.ok(request.name() + " completed");
    }

    /**
     * FETCH responses nobody asked for with a command: NOTIFY's MessageNew fetch attributes for
     * new messages of the selected mailbox (RFC 5465 5.1). A message whose content cannot be
     * decoded as asked is left out: there is no tagged response to say so.
     */
    public static void writeUnsolicited(ImapSession session, FetchRequest fetch, List<MessageRecord> records) {
        try {
            writeAll(session, session.selected(), fetch, records, Set.of());
        } catch (UnknownEncodingException e) {
            // the client's next FETCH of the message will get the NO (RFC 3516 4.3)
        }
    }

    private static void writeAll(ImapSession session, SelectedMailbox view, FetchRequest fetch,
                                 List<MessageRecord> records, Set<Long> flagsChanged) {
        for (MessageRecord record : records) {
            long seq = view.sequenceNumber(record.uid());
            view.shown(record);
            SelectedMessage message = new SelectedMessage(session.store(), view, seq, record);
            boolean withFlags = flagsChanged.contains(record.uid());
            view.announceKeywords(session.writer(), record.flags());
            if (record.size() > PREPARE_BELOW) {
                fetch.write(session.writer(), seq, message, withFlags);
            } else {
                writePrepared(session, fetch, seq, message, withFlags);
            }
        }
    }

    /** RFC 7162 3.2.6: VANISHED only in UID FETCH, with CHANGEDSINCE, after ENABLE QRESYNC; else BAD. */
    private static void checkVanished(ImapSession session, Request request, Modifiers modifiers) {
        if (!modifiers.has(VANISHED)) {
            return;
        }
        if (!request.uid()) {
            throw new BadCommandException("VANISHED is a UID FETCH modifier");
        }
        if (!session.enabled().qresync()) {
            throw new BadCommandException("VANISHED needs ENABLE QRESYNC first");
        }
        if (!modifiers.has(CHANGEDSINCE)) {
            throw new BadCommandException("VANISHED needs CHANGEDSINCE");
        }
    }

    /**
     * Builds one message's response in memory before sending it: a message another session
     * expunged meanwhile fails when its file is opened, which must not leave half a response on
     * the wire; it is left out instead (RFC 2180 4.1.3). Larger messages are streamed.
     */
    private static void writePrepared(ImapSession session, FetchRequest fetch, long seq, SelectedMessage message,
                                      boolean withFlags) {
        ByteArrayOutputStream prepared = new ByteArrayOutputStream();
        try {
            fetch.write(new ImapWriter(prepared), seq, message, withFlags);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NO_SUCH_MESSAGE) {
                return;
            }
            throw e;
        }
        session.writer().rawBytes(prepared.toByteArray());
    }
}
