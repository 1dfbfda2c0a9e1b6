package org.facteur.imap.command;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.EnabledExtensions;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 5161 ENABLE: CONDSTORE and QRESYNC (RFC 7162 3.1, 3.2.3; QRESYNC implies CONDSTORE), and
 * IMAP4rev2 (RFC 9051 6.3.1: a server offering both versions keeps rev1 until the client enables rev2).
 * ENABLED lists the names asked for that this server enabled; unknown or unsupported names are
 * ignored (RFC 5161 3.1), UTF8=ACCEPT among them.
 */
final class EnableCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, Integer.MAX_VALUE);
        EnabledExtensions enabled = session.enabled();
        for (int i = 0; i < request.args().size(); i++) {
            if (session.state() == SessionState.SELECTED && request.text(i).equalsIgnoreCase("IMAP4rev2")) {
                // RFC 5161 3.1: ENABLE comes before any mailbox is selected; the open view was made for rev1.
                throw new BadCommandException("ENABLE IMAP4rev2 only before a mailbox is selected");
            }
        }
        Set<String> done = new LinkedHashSet<>();
        for (int i = 0; i < request.args().size(); i++) {
            String name = request.text(i).toUpperCase(Locale.ROOT);
            if (name.equals("CONDSTORE")) {
                enabled.enableCondstore();
                done.add(name);
            } else if (name.equals("QRESYNC")) {
                enabled.enableQresync();
                done.add(name);
            } else if (name.equals("IMAP4REV2")) {
                enabled.enableImap4rev2();
                session.writer().utf8Accepted(true); // RFC 9051 9: QUOTED-CHAR takes UTF-8
                done.add("IMAP4rev2");
            }
        }
        session.writer().raw("* ENABLED" + (done.isEmpty() ? "" : " " + String.join(" ", done)) + "\r\n");
        return Reply.ok("ENABLE completed");
    }
}
