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
        return MailboxNames.lookup(arg).flatMap(name -> session.store().mailbox(session.user(), name))
                .orElseThrow(() -> new CommandFailed("[" + missingCode + "] no mailbox named " + Arg.text(arg)));
    }
}
