package org.facteur.imap.protocol;

/**
 * A command the server cannot parse or that breaks the grammar: answered with a tagged
 * {@code BAD} carrying the message, and the session goes on (RFC 3501 7.1.3).
 */
public class BadCommandException extends RuntimeException {

    public BadCommandException(String message) {
        super(message);
    }
}
