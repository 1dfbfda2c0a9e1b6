package org.facteur.directory;

import java.util.Arrays;
import java.util.UUID;

/**
 * Spends on a login for an unknown user the time a wrong password costs a known one, so that
 * response timing does not reveal which users exist.
 */
final class UnknownUserDelay {

    private final PasswordHasher hasher;
    private volatile String decoyHash;

    UnknownUserDelay(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    void spend(char[] password) {
        // Never matches: the decoy's password is random and discarded, so nothing is cached either.
        hasher.verify(password, decoy());
    }

    private String decoy() {
        String hash = decoyHash;
        if (hash == null) {
            char[] unguessable = UUID.randomUUID().toString().toCharArray();
            hash = hasher.hash(unguessable);
            Arrays.fill(unguessable, '\0');
            decoyHash = hash;
        }
        return hash;
    }
}
