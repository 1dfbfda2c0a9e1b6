package org.facteur.distribution.cli;

/** The exit codes of every command, documented in README.md. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The command could not be carried out (unknown user, server already running, ...). */
    public static final int FAILURE = 1;
    /** Bad command line or configuration: nothing was done. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
