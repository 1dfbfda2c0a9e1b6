package org.facteur.pop3;

import java.util.Optional;

/**
 * Checks a user's password. The distribution adapts the directory to it; pop3-server needs
 * nothing else of the directory. Called off the Netty I/O threads, so it may be slow (password
 * hashing); it must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * The canonical address of the user (lowercase, {@code alice@example.org}) if the password
     * is right; empty otherwise. The caller wipes {@code password} afterwards.
     */
    Optional<String> authenticate(String user, char[] password);
}
