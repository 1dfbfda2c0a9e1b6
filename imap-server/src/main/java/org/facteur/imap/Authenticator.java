package org.facteur.imap;

import java.util.Optional;

/**
 * Checks a user's password; the distribution adapts the directory to it. Called on worker
 * threads (password hashing is slow), from several at once.
 */
@FunctionalInterface
public interface Authenticator {

    /** The user's canonical address if the password is right; the caller wipes {@code password}. */
    Optional<String> authenticate(String user, char[] password);
}
