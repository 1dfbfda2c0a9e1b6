package org.facteur.distribution.config;

import java.util.Optional;

/**
 * The relay all outbound mail goes through ({@code relay.smarthost = [user:password@]host:port}),
 * with the credentials to authenticate to it, if any.
 */
public record Smarthost(String host, int port, Optional<Credentials> credentials) {

    public record Credentials(String user, String password) {
        /** Never prints the password (logs, error messages). */
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    @Override
    public String toString() {
        return credentials.map(c -> c + "@").orElse("") + host + ":" + port;
    }
}
