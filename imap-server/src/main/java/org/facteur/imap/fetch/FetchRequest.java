package org.facteur.imap.fetch;

import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;

/** The data items of one FETCH or UID FETCH command (RFC 3501 6.4.5), parsed once, written per message. */
public final class FetchRequest {

    private FetchRequest() {
    }

    /**
     * The arguments after the sequence set: one item atom, a macro (ALL, FAST, FULL) or a Group
     * of items.
     *
     * @throws BadCommandException when they break the grammar of RFC 3501 9 ("fetch")
     */
    public static FetchRequest parse(List<Arg> args) {
        throw new BadCommandException("FETCH not implemented yet");
    }

    /** UID FETCH: the UID item is always in the response (RFC 3501 6.4.8). */
    public FetchRequest withUid() {
        return this;
    }

    /** BODY[...] without .PEEK, RFC822 and RFC822.TEXT set {@code \Seen} (RFC 3501 6.4.5). */
    public boolean marksSeen() {
        return false;
    }

    /** Whether any item needs {@link FetchSource#summary()}. */
    public boolean needsSummary() {
        return false;
    }

    /**
     * Writes the whole untagged response {@code * <seq> FETCH (...)\r\n}; {@code includeFlags}
     * adds FLAGS even if not asked (after an implicit {@code \Seen}).
     */
    public void write(ImapWriter out, long sequenceNumber, FetchSource message, boolean includeFlags) {
        throw new UnsupportedOperationException("FETCH not implemented yet");
    }
}
