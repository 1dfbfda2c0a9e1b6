package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.UidMapping;
import org.facteur.mailbox.UidSet;

/**
 * RFC 3501 6.4.7 COPY and RFC 6851 MOVE, with their UID forms. COPYUID (RFC 4315) goes in the
 * tagged OK of COPY, and for MOVE in an untagged OK before the EXPUNGEs (RFC 6851 4.3).
 */
final class CopyCommand implements CommandHandler {

    private final boolean move;

    CopyCommand(boolean move) {
        this.move = move;
    }

    @Override
    public Set<SessionState> validIn() {
        return SELECTED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 2);
        SelectedMailbox view = session.selected();
        UidSet uids = MessageSets.uids(view, request, 0);
        MailboxInfo target = Mailboxes.find(session, request.arg(1), "TRYCREATE");
        if (move && view.readOnly()) {
            return Reply.no("[READ-ONLY] the mailbox is read-only");
        }
        if (uids.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        // RFC 9208 7.1: a COPY past the quota copies nothing. A MOVE between the user's mailboxes
        // stays under their one quota root and adds nothing, so a user at the limit can still
        // move mail to Trash and expunge it there.
        Reply overQuota = move ? null : QuotaRoot.refusalToCopy(session, view.id(), uids);
        if (overQuota != null) {
            return overQuota;
        }
        UidMapping mapping;
        if (!move) {
            mapping = session.store().copy(view.id(), uids, target.id());
        } else if (target.id().equals(view.id())) {
            mapping = moveWithin(session, view, uids);
        } else {
            mapping = session.store().move(view.id(), uids, target.id());
        }
        if (mapping.isEmpty()) {
            return Reply.ok(request.name() + " completed");
        }
        String copyUid = "[COPYUID " + mapping.destinationUidValidity() + " "
                + UidLists.compact(mapping.sourceUids()) + " " + UidLists.compact(mapping.destinationUids()) + "]";
        if (!move) {
            return Reply.ok(copyUid + " COPY completed");
        }
        session.writer().raw("* OK " + copyUid + " moved\r\n");
        view.expunged(session.writer(), mapping.sourceUids());
        return Reply.ok(request.name() + " completed");
    }

    /**
     * MOVE into the selected mailbox itself: the messages get new UIDs (RFC 6851 3.3 leaves this
     * open; Dovecot does so and imaptest expects it). The store's move refuses the same mailbox,
     * so: copy first, then remove the sources; a crash in between leaves a duplicate, never a loss.
     */
    private static UidMapping moveWithin(ImapSession session, SelectedMailbox view, UidSet uids) {
        UidMapping mapping = session.store().copy(view.id(), uids, view.id());
        if (!mapping.isEmpty()) {
            long[] sources = mapping.sourceUids().stream().mapToLong(Long::longValue).toArray();
            session.store().remove(view.id(), UidSet.of(sources));
        }
        return mapping;
    }
}
