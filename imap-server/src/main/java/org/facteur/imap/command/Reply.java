package org.facteur.imap.command;

/** A command's tagged status response (RFC 3501 7.1): OK, NO or BAD with its text (response code included). */
public record Reply(String status, String text) {

    /** The handler answers by itself later (IDLE, AUTHENTICATE, a delayed login reply). */
    public static final Reply LATER = new Reply("", "");

    public static Reply ok(String text) {
        return new Reply("OK", text);
    }

    public static Reply no(String text) {
        return new Reply("NO", text);
    }

    public static Reply bad(String text) {
        return new Reply("BAD", text);
    }
}
