package org.facteur.mailbox.mime;

import java.time.Instant;
import java.util.List;

/**
 * What SEARCH, SORT and THREAD need from the top-level header, decoded to Unicode (RFC 2047).
 *
 * @param subject the Subject decoded, null when absent
 * @param date the Date header parsed, null when absent or unparseable (RFC 5256 then says: use
 *     the internal date)
 * @param messageId the first msg-id of Message-ID, brackets included, or null
 * @param inReplyTo the msg-ids of In-Reply-To in order, brackets included
 * @param references the msg-ids of References in order, brackets included
 */
public record SearchFields(
        List<MailAddress> from,
        List<MailAddress> to,
        List<MailAddress> cc,
        List<MailAddress> bcc,
        String subject,
        Instant date,
        String messageId,
        List<String> inReplyTo,
        List<String> references) {

    public static final SearchFields EMPTY =
            new SearchFields(List.of(), List.of(), List.of(), List.of(), null, null, null, List.of(), List.of());

    public SearchFields {
        from = List.copyOf(from);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
    }
}
