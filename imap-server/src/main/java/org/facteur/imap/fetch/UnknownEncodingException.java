package org.facteur.imap.fetch;

/**
 * A BINARY item names a part whose Content-Transfer-Encoding the server cannot undo: the FETCH
 * fails with NO [UNKNOWN-CTE] (RFC 3516 4.3). Raised before the message's response is begun.
 */
public final class UnknownEncodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnknownEncodingException(String encoding) {
        super("[UNKNOWN-CTE] cannot decode the Content-Transfer-Encoding " + encoding);
    }
}
