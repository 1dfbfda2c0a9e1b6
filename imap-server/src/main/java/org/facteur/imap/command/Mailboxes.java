package org.facteur.imap.command;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.MailboxNames;
import org.facteur.imap.session.ImapSession;
import org.facteur.mailbox.MailboxInfo;

/** Looks up the mailbox a command names. */
final class Mailboxes {

    private Mailboxes() {
    }

    /** The user's mailbox named by {@code arg}, or NO with {@code missingCode} (NONEXISTENT, TRYCREATE). */
    static MailboxInfo find(ImapSession session, Arg arg, String missingCode) {
        return MailboxNames.lookup(arg, utf8(session)).flatMap(name -> session.store().mailbox(session.user(), name))
                .orElseThrow(() -> new CommandFailed("[" + missingCode + "] no mailbox named " + Arg.text(arg)));
    }

    /** The store name of a mailbox a command creates or subscribes to; a malformed one is BAD. */
    static String newName(ImapSession session, Arg arg) {
        return MailboxNames.fromWire(arg, utf8(session));
    }

    /** A store name as this session writes it. */
    static String wireName(ImapSession session, String name) {
        return MailboxNames.toWire(name, utf8(session));
    }

    /** RFC 9051 5.1: after ENABLE IMAP4rev2 names are UTF-8, not modified UTF-7. */
    private static boolean utf8(ImapSession session) {
        return session.enabled().imap4rev2();
    }
}
