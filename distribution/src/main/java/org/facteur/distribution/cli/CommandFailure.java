package org.facteur.distribution.cli;

/** A command that cannot do what was asked, for a reason its one-line message gives. */
public class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CommandFailure(String message) {
        this(message, ExitCodes.FAILURE);
    }

    public CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
