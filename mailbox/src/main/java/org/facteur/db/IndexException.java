package org.facteur.db;

/** The index database failed: a bug or a broken database file, never the user's input. */
public class IndexException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
