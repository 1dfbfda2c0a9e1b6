package org.facteur.imap.command;

/** A command that is well-formed but cannot be done: answered with a tagged NO carrying this text. */
public final class CommandFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param text the response text, a response code first when there is one ({@code [TRYCREATE] ...}) */
    public CommandFailed(String text) {
        super(text);
    }
}
