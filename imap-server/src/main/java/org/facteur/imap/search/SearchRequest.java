package org.facteur.imap.search;

import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.ImapWriter;

/** A parsed SEARCH command (RFC 3501 6.4.4, RFC 4731 ESEARCH): its keys and how to answer. */
public final class SearchRequest {

    private SearchRequest() {
    }

    /**
     * Args after "SEARCH": {@code [RETURN (...)] [CHARSET name] search-key...}.
     *
     * @throws org.facteur.imap.protocol.BadCommandException for an unknown key or bad syntax
     * @throws SearchException for an unsupported charset ({@code NO [BADCHARSET ...]})
     */
    public static SearchRequest parse(List<Arg> args) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether some key reads the summary (header fields, envelope, structure). */
    public boolean needsSummary() {
        return false;
    }

    /** Whether some key reads the stored bytes (BODY, TEXT, HEADER). */
    public boolean needsContent() {
        return false;
    }

    /** Whether the message matches; {@code maxSequence} and {@code maxUid} resolve "*" in sequence sets. */
    public boolean matches(SearchTarget message, long maxSequence, long maxUid) {
        return false;
    }

    /**
     * Writes the untagged result: {@code * SEARCH 2 5 9}, or with RETURN an ESEARCH response
     * (RFC 4731). {@code numbers} are the matched sequence numbers, or UIDs for UID SEARCH,
     * ascending.
     */
    public void writeResult(ImapWriter out, String tag, boolean uid, List<Long> numbers) {
    }
}
