package org.facteur.imap.fetch;

import java.io.InputStream;

import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * What FETCH needs of one message; the session implements it over the store. FETCH reads the
 * summary computed at append and byte ranges of the stored file, never the message parsed again.
 */
public interface FetchSource {

    /** Uid, modseq, flags, internal date and size. */
    MessageRecord record();

    /** The structure computed at append; called only when {@link FetchRequest#needsSummary()}. */
    MessageSummary summary();

    /** Bytes {@code [offset, offset + length)} of the stored file, clamped to its end. */
    InputStream content(long offset, long length);

    /** Whether this session sees the message as {@code \Recent} (RFC 3501 2.3.2: a session property). */
    default boolean recent() {
        return false;
    }
}
