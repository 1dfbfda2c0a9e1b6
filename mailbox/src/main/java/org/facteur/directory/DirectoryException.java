package org.facteur.directory;

/**
 * A directory request that cannot be carried out because of its input or the directory's current
 * content (an unknown domain, a duplicate user, a malformed address...). The message is one
 * sentence naming the problem, fit for the admin CLI to print as is.
 *
 * <p>Failures of the database itself are {@link org.facteur.db.IndexException}s instead.
 */
public class DirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DirectoryException(String message) {
        super(message);
    }
}
