package org.facteur.imap.fetch;

import org.facteur.imap.protocol.ImapWriter;

/** One data item of a FETCH (RFC 3501 6.4.5) and how its response item is written (RFC 3501 7.4.2). */
interface FetchItem {

    /**
     * Fails the FETCH before this message's response is begun if the item cannot be served
     * (a BINARY part in an unknown encoding, RFC 3516 4.3).
     */
    default void check(FetchSource message) {
    }

    /** Writes the response item, name and value: {@code UID 7}, {@code BODY[TEXT]<0> {3}...}. */
    void write(ImapWriter out, FetchSource message);

    /**
     * What the item answers: two items with the same key give the same response item (BODY[1] and
     * BODY.PEEK[1]), which a response carries once.
     */
    String key();

    /** Whether writing it needs {@link FetchSource#summary()}. */
    boolean needsSummary();

    /** Whether fetching it sets {@code \Seen} (RFC 3501 6.4.5). */
    boolean marksSeen();
}
