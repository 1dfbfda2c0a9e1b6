package org.facteur.imap.search;

/** One search key (RFC 3501 6.4.4) or a combination of keys, tested against one message. */
interface SearchKey {

    boolean matches(MatchContext message);

    /** What the key reads, so that an AND tests cheap keys first and the session loads only what is needed. */
    Cost cost();

    /** Whether the key is or holds a MODSEQ key (RFC 7162 3.1.6: the result then tells the highest MODSEQ). */
    default boolean usesModSeq() {
        return false;
    }

    /** What a key reads, cheapest first. */
    enum Cost {
        /** The sequence number, the record (UID, flags, dates, size) or the session's \Recent. */
        RECORD,
        /** The summary computed at append (decoded header fields, the Date as written, part offsets). */
        SUMMARY,
        /** The stored bytes (a header to scan, bodies to decode). */
        CONTENT;

        Cost max(Cost other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }
}
