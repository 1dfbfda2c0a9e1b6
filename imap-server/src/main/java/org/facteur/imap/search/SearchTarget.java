package org.facteur.imap.search;

import java.io.InputStream;

import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * One message as SEARCH sees it. The session implements it over its selected mailbox's view; a
 * search asks for the summary and the content only when its keys need them
 * ({@link SearchRequest#needsSummary()}, {@link SearchRequest#needsContent()}).
 */
public interface SearchTarget {

    long sequenceNumber();

    /** UID, MODSEQ, flags, internal date and size. */
    MessageRecord record();

    /** The structure and decoded header fields computed at append; loaded lazily by the implementation. */
    MessageSummary summary();

    /** The octets {@code [offset, offset + length)} of the stored file, clamped to its end. */
    InputStream content(long offset, long length);

    /** Whether this session sees the message as {@code \Recent} (RFC 3501 2.3.2: a session property). */
    default boolean recent() {
        return false;
    }
}
