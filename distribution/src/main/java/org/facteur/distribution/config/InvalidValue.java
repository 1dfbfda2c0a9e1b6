package org.facteur.distribution.config;

/** A value a key does not accept; the message says why, quoting the value, for the one-line error. */
final class InvalidValue extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidValue(String problem) {
        super(problem);
    }
}
