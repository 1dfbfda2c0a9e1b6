package org.facteur.imap.sort;

import java.time.Instant;

import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SortKeys;

/**
 * One message as SORT and THREAD see it: its sequence number (the last tie-breaker, RFC 5256
 * BASE.6.4.SORT), its record and what the store keeps for sorting.
 *
 * @param keys null when the criteria read only the record (ARRIVAL, SIZE)
 */
public record SortMessage(long sequenceNumber, MessageRecord record, SortKeys keys) {

    /** RFC 5256 2.2: the Date header, or the internal date when it is missing or unparseable. */
    public Instant sentDate() {
        Instant date = keys.sentDate();
        return date != null ? date : record.internalDate();
    }
}
