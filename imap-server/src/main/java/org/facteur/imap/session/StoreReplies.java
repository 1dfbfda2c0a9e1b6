package org.facteur.imap.session;

import java.util.Set;

import org.facteur.mailbox.StoreException;

/** A store failure as the text of a tagged NO, with the response code of RFC 5530 or RFC 3501 7.1. */
final class StoreReplies {

    /** Commands whose target mailbox a client may create and retry (RFC 3501 6.3.11, 6.4.7). */
    private static final Set<String> TRYCREATE = Set.of("APPEND", "COPY", "MOVE");

    private StoreReplies() {
    }

    static String text(StoreException e, String command) {
        String code = switch (e.reason()) {
            case NO_SUCH_MAILBOX -> TRYCREATE.contains(command) ? "TRYCREATE" : "NONEXISTENT";
            case MAILBOX_EXISTS -> "ALREADYEXISTS";
            case INVALID_NAME, NOT_ALLOWED -> "CANNOT";
            case NO_SUCH_MESSAGE -> "EXPUNGEISSUED";
            case DISK_FULL -> "OVERQUOTA";
            case IO_ERROR -> "SERVERBUG";
        };
        return "[" + code + "] " + e.getMessage();
    }
}
