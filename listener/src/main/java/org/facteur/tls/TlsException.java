package org.facteur.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A certificate or key that cannot be used, for a reason the administrator can fix. The message
 * is one line that starts with the file and names the problem; it is shown as is, without a
 * stack trace.
 */
public final class TlsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public TlsException(Path file, String problem) {
        this(file, problem, null);
    }

    public TlsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    TlsException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
    }

    /** The file at fault, so a caller can point at the configuration line that named it. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
