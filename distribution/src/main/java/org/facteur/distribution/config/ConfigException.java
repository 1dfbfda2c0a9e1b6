package org.facteur.distribution.config;

/**
 * A configuration the server cannot start with. The message is the one line shown to the
 * administrator: the file, the line, the key and the problem.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
