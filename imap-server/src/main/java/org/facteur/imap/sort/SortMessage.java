package org.facteur.imap.sort;

import java.time.Instant;

import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * One message as SORT and THREAD see it: its sequence number (the last tie-breaker, RFC 5256
 * BASE.6.4.SORT), its record and the summary computed at append.
 */
public interface SortMessage {

    long sequenceNumber();

    MessageRecord record();

    MessageSummary summary();

    /** RFC 5256 2.2: the Date header, or the internal date when it is missing or unparseable. */
    default Instant sentDate() {
        Instant date = summary().search().date();
        return date != null ? date : record().internalDate();
    }
}
