package org.facteur.imap.command;

import java.io.InputStream;

import org.facteur.imap.fetch.FetchSource;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageSummary;

/** A message of any of the user's mailboxes, selected or not, read as FETCH reads one (CATENATE's URLs). */
final class StoredMessage implements FetchSource {

    private final MailStore store;
    private final MailboxId mailbox;
    private final MessageRecord record;

    StoredMessage(MailStore store, MailboxId mailbox, MessageRecord record) {
        this.store = store;
        this.mailbox = mailbox;
        this.record = record;
    }

    @Override
    public MessageRecord record() {
        return record;
    }

    @Override
    public MessageSummary summary() {
        return store.summary(mailbox, record.uid());
    }

    @Override
    public InputStream content(long offset, long length) {
        return store.content(mailbox, record.uid(), offset, length);
    }
}
