package org.facteur.tls;

/**
 * A certificate or key that cannot be used, for a reason the administrator can fix. The message
 * is one line that names the file and the problem; it is shown as is, without a stack trace.
 */
public final class TlsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
