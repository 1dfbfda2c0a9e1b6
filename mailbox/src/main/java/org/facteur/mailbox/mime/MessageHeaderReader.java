package org.facteur.mailbox.mime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;

/** Builds a message's ENVELOPE and its SEARCH fields from its collected header. */
final class MessageHeaderReader {

    private MessageHeaderReader() {
    }

    static Envelope envelope(HeaderCollector header) {
        // RFC 3501 7.4.2: date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id
        return new Envelope(
                header.trimmed("date"),
                header.trimmed("subject"),
                AddressReader.read(header.raw("from")).envelope(),
                AddressReader.read(header.raw("sender")).envelope(),
                AddressReader.read(header.raw("reply-to")).envelope(),
                AddressReader.read(header.raw("to")).envelope(),
                AddressReader.read(header.raw("cc")).envelope(),
                AddressReader.read(header.raw("bcc")).envelope(),
                header.trimmed("in-reply-to"),
                header.trimmed("message-id"));
    }

    static SearchFields search(HeaderCollector header) {
        String subject = header.trimmed("subject");
        List<String> messageIds = messageIds(header.trimmed("message-id"));
        return new SearchFields(
                AddressReader.read(header.raw("from")).decoded(),
                AddressReader.read(header.raw("to")).decoded(),
                AddressReader.read(header.raw("cc")).decoded(),
                AddressReader.read(header.raw("bcc")).decoded(),
                HeaderText.decodeEncodedWords(subject),
                date(header.trimmed("date")),
                messageIds.isEmpty() ? null : messageIds.get(0),
                messageIds(header.trimmed("in-reply-to")),
                messageIds(header.trimmed("references")));
    }

    /** RFC 5322 3.6.1 date-time, read leniently; null when Mime4j cannot make sense of it. */
    static Instant date(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        // The well-formed case first: Mime4j's lenient parser costs a tenth of an append.
        Instant strict = StrictDateTime.parse(value);
        if (strict != null) {
            return strict;
        }
        try {
            Date date = DateTimeFieldLenientImpl.PARSER
                    .parse(new RawField("Date", HeaderText.withoutLineBreaks(value)), DecodeMonitor.SILENT)
                    .getDate();
            return date == null ? null : date.toInstant();
        } catch (RuntimeException unparseable) {
            return null;
        }
    }

    /**
     * The msg-ids of a field (RFC 5322 3.6.4), angle brackets included, in order. Anything
     * between them (phrases that RFC 822 allowed in In-Reply-To, comments) is skipped.
     */
    static List<String> messageIds(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        int open = value.indexOf('<');
        while (open >= 0) {
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            int nestedOpen = value.lastIndexOf('<', close);
            if (close - nestedOpen > 1) {
                ids.add(value.substring(nestedOpen, close + 1).replaceAll("[ \t]", ""));
            }
            open = value.indexOf('<', close + 1);
        }
        return ids;
    }
}
