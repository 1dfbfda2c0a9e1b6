package org.facteur.pop3.maildrop;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.UidSet;

/**
 * A user's maildrop (RFC 1939) as James POP3 sees it: the user's INBOX in the shared store. The
 * session takes its message list once, at login ({@link #getMessages()}); deletions reach the
 * store only at QUIT ({@link #remove}), through {@link MailStore#remove}, so IMAP sessions are
 * told at once.
 *
 * <p>Several sessions of one user may hold the maildrop at once: each works on its own list,
 * a message another session removed answers RETR with an error, and removing it again is a
 * no-op. Nothing here holds a lock between calls.
 */
public final class StoreMaildrop implements Mailbox {

    private final MailStore store;
    private final MailboxInfo inbox;

    public StoreMaildrop(MailStore store, MailboxInfo inbox) {
        this.store = store;
        this.inbox = inbox;
    }

    /** The user's INBOX, created with the account if the store has none yet. */
    public static StoreMaildrop open(MailStore store, String user) {
        MailboxInfo inbox = store.mailbox(user, MailStore.INBOX).orElseGet(() -> {
            store.createAccount(user);
            return store.mailbox(user, MailStore.INBOX)
                    .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no INBOX"));
        });
        return new StoreMaildrop(store, inbox);
    }

    public String user() {
        return inbox.owner();
    }

    @Override
    public List<MessageMetaData> getMessages() throws IOException {
        try {
            List<MessageRecord> records = store.messages(inbox.id());
            List<MessageMetaData> list = new ArrayList<>(records.size());
            for (MessageRecord r : records) {
                list.add(new MessageMetaData(new Uidl(inbox.uidValidity(), r.uid()).toString(), r.size()));
            }
            return list;
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * The exact stored bytes of a message, read from its file as the caller consumes them.
     *
     * @throws MessageGoneException if the message was removed since the list was taken
     */
    @Override
    public InputStream getMessage(String uidl) throws IOException {
        long uid = uidOf(uidl);
        try {
            return store.content(inbox.id(), uid, 0, Long.MAX_VALUE);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NO_SUCH_MESSAGE) {
                throw new MessageGoneException(uidl);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Removes the messages whatever their flags; messages already gone are skipped. */
    @Override
    public void remove(String... uidls) throws IOException {
        if (uidls.length == 0) {
            return;
        }
        long[] uids = new long[uidls.length];
        for (int i = 0; i < uidls.length; i++) {
            uids[i] = uidOf(uidls[i]);
        }
        try {
            store.remove(inbox.id(), UidSet.of(uids));
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String getIdentifier() {
        return Long.toString(inbox.uidValidity());
    }

    @Override
    public void close() {
        // No per-session resources: the store is shared and outlives sessions.
    }

    private long uidOf(String uidl) throws IOException {
        Uidl parsed = Uidl.parse(uidl).orElseThrow(() -> new IOException("not a UIDL of ours: " + uidl));
        if (parsed.uidValidity() != inbox.uidValidity()) {
            throw new MessageGoneException(uidl);
        }
        return parsed.uid();
    }

    /** The message was removed (by another session, IMAP, or a recreated INBOX) after login. */
    public static final class MessageGoneException extends IOException {
        private static final long serialVersionUID = 1L;

        public MessageGoneException(String uidl) {
            super("message " + uidl + " is no longer in the maildrop");
        }
    }
}
