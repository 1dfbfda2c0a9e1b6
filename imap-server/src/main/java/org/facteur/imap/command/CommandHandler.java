package org.facteur.imap.command;

import java.util.Set;

import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/** One IMAP command. Runs on the session's serial executor, never on an I/O thread. */
public interface CommandHandler {

    Set<SessionState> ANY = Set.of(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
    Set<SessionState> NOT_AUTHENTICATED = Set.of(SessionState.NOT_AUTHENTICATED);
    Set<SessionState> AUTHENTICATED = Set.of(SessionState.AUTHENTICATED, SessionState.SELECTED);
    Set<SessionState> SELECTED = Set.of(SessionState.SELECTED);

    /** The states the command is valid in (RFC 3501 6); elsewhere it gets BAD. */
    Set<SessionState> validIn();

    /** Whether EXPUNGE responses may be sent after this command (RFC 3501 7.4.1). */
    default boolean allowsExpunge(Request request) {
        return true;
    }

    /** Does the command, writing untagged responses; returns the tagged one. */
    Reply handle(ImapSession session, Request request);
}
