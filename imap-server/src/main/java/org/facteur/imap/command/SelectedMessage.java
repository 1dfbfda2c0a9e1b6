package org.facteur.imap.command;

import java.io.InputStream;

import org.facteur.imap.fetch.FetchSource;
import org.facteur.imap.search.SearchTarget;
import org.facteur.imap.session.SelectedMailbox;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageSummary;

/** One message of the selected mailbox as FETCH and SEARCH read it; the summary is loaded on first use. */
final class SelectedMessage implements FetchSource, SearchTarget {

    private final MailStore store;
    private final SelectedMailbox view;
    private final long sequenceNumber;
    private final MessageRecord record;
    private MessageSummary summary;

    SelectedMessage(MailStore store, SelectedMailbox view, long sequenceNumber, MessageRecord record) {
        this.store = store;
        this.view = view;
        this.sequenceNumber = sequenceNumber;
        this.record = record;
    }

    @Override
    public long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public MessageRecord record() {
        return record;
    }

    @Override
    public MessageSummary summary() {
        if (summary == null) {
            summary = store.summary(view.id(), record.uid());
        }
        return summary;
    }

    @Override
    public InputStream content(long offset, long length) {
        return store.content(view.id(), record.uid(), offset, length);
    }

    @Override
    public boolean recent() {
        return view.isRecent(record.uid());
    }
}
