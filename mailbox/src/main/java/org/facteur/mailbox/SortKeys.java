package org.facteur.mailbox;

import java.time.Instant;
import java.util.List;

import org.facteur.mailbox.mime.Address;
import org.facteur.mailbox.mime.MessageSummary;
import org.facteur.mailbox.mime.SearchFields;

/**
 * What SORT and THREAD (RFC 5256) read of one message, taken from its summary at append and kept
 * in the index beside it, so that sorting a large mailbox reads a few short columns instead of
 * decoding every summary. The values are the summary's, not yet turned into comparison keys
 * (base subject, upper case): those rules stay with the IMAP server, so fixing one needs no
 * reindexing.
 *
 * @param uid the message's UID
 * @param sentDate the Date header parsed, null when absent or unparseable (RFC 5256 2.2 then
 *     takes the internal date)
 * @param subject the Subject decoded, null when absent
 * @param fromMailbox the addr-mailbox of the first ENVELOPE From address (a group's name for a
 *     group), null when there is none
 * @param toMailbox the same for To
 * @param ccMailbox the same for Cc
 * @param messageId the first msg-id of Message-ID, brackets included, or null
 * @param inReplyTo the msg-ids of In-Reply-To, in order
 * @param references the msg-ids of References, in order
 * @param fromDisplay what RFC 5957 DISPLAYFROM sorts by ({@link Address#display()} of the first
 *     From address), null when there is none
 * @param toDisplay the same for DISPLAYTO and the first To address
 */
public record SortKeys(long uid, Instant sentDate, String subject, String fromMailbox, String toMailbox,
                       String ccMailbox, String messageId, List<String> inReplyTo, List<String> references,
                       String fromDisplay, String toDisplay) {

    public SortKeys {
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
    }

    /** The keys of a message from the summary computed at append. */
    public static SortKeys of(long uid, MessageSummary summary) {
        SearchFields search = summary.search();
        return new SortKeys(uid, search.date(), search.subject(), firstMailbox(summary.envelope().from()),
                firstMailbox(summary.envelope().to()), firstMailbox(summary.envelope().cc()), search.messageId(),
                search.inReplyTo(), search.references(), firstDisplay(summary.envelope().from()),
                firstDisplay(summary.envelope().to()));
    }

    private static String firstDisplay(List<Address> addresses) {
        return addresses.isEmpty() ? null : addresses.get(0).display();
    }

    private static String firstMailbox(List<Address> addresses) {
        return addresses.isEmpty() ? null : addresses.get(0).mailbox();
    }
}
