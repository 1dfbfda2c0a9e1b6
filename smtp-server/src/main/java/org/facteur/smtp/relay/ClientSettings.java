package org.facteur.smtp.relay;

import java.util.Optional;

/**
 * How the client presents itself and authenticates.
 *
 * @param heloName our {@code hostname}, sent in EHLO/HELO
 * @param timeouts RFC 5321 4.5.3.2 timeouts
 * @param credentials for the smarthost's AUTH PLAIN, sent only over TLS
 */
public record ClientSettings(String heloName, Timeouts timeouts, Optional<Credentials> credentials) {

    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    public static ClientSettings of(String heloName) {
        return new ClientSettings(heloName, Timeouts.RFC_5321, Optional.empty());
    }
}
