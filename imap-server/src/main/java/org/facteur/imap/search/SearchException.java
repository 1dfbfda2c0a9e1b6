package org.facteur.imap.search;

/**
 * A search the server understands but refuses: answered with a tagged {@code NO}, with the
 * response code when there is one (RFC 3501 6.4.4: {@code NO [BADCHARSET (UTF-8 US-ASCII)]}).
 * A search that breaks the grammar is a {@link org.facteur.imap.protocol.BadCommandException}.
 */
public class SearchException extends RuntimeException {

    private final String responseCode;

    public SearchException(String responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    /** The response code without its brackets, e.g. {@code BADCHARSET (UTF-8 US-ASCII)}; null when none. */
    public String responseCode() {
        return responseCode;
    }
}
