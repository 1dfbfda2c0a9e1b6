package org.facteur.imap.notify;

import java.util.Set;
import java.util.stream.Collectors;

import org.facteur.imap.command.CommandHandler;
import org.facteur.imap.command.Reply;
import org.facteur.imap.command.Request;
import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 5465 NOTIFY: {@code NOTIFY SET [STATUS] groups} replaces what the session is told of
 * between commands, {@code NOTIFY NONE} stops it.
 */
public final class NotifyCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        if (request.args().isEmpty()) {
            throw new BadCommandException("NOTIFY needs SET or NONE");
        }
        Arg first = request.arg(0);
        if (first instanceof Arg.Atom a && a.is("NONE")) {
            request.expect(1, 1);
            session.notifications(null);
            return Reply.ok("NOTIFY completed");
        }
        if (!(first instanceof Arg.Atom a && a.is("SET"))) {
            throw new BadCommandException("NOTIFY needs SET or NONE");
        }
        NotifySpec spec = new NotifyParser(session.enabled().imap4rev2())
                .parse(request.args().subList(1, request.args().size()));
        Set<NotifyEvent> unsupported = spec.events().stream().filter(e -> !e.supported()).collect(Collectors.toSet());
        if (!unsupported.isEmpty()) {
            // RFC 5465 3.1: NO with BADEVENT naming the events we do support; the old setting stays.
            return Reply.no("[BADEVENT " + NotifyEvent.supportedList() + "] not supported: "
                    + unsupported.stream().map(NotifyEvent::wireName).sorted().collect(Collectors.joining(" ")));
        }
        Notifier notifier = Notifier.start(session.store(), session.user(), spec, Notifier.DEFAULT_LIMIT,
                Notifier.DEFAULT_BYTE_LIMIT, session::notificationsPending);
        try {
            if (spec.status()) {
                notifier.writeInitialStatus(session);
            }
        } catch (RuntimeException e) {
            notifier.close(); // else its store registration outlives the session
            throw e;
        }
        session.notifications(notifier);
        return Reply.ok("NOTIFY completed");
    }
}
