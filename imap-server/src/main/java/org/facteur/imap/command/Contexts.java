package org.facteur.imap.command;

import java.util.List;
import java.util.function.Supplier;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SelectedMailbox;

/** What SEARCH and SORT do with RETURN (UPDATE) (RFC 5267 4.3), in one place. */
final class Contexts {

    private Contexts() {
    }

    /**
     * RFC 5267 4.3: "An attempt to use UPDATE where a tag is already in use with a previous
     * searching command that itself used UPDATE SHALL result in the server rejecting the
     * searching command with a BAD response."
     */
    static void checkTag(SelectedMailbox view, Request request, boolean update) {
        if (update && view.contexts().inUse(request.tag())) {
            throw new BadCommandException("tag " + request.tag() + " already names an updating context");
        }
    }

    /**
     * Opens the context, or refuses with an untagged {@code NO [NOUPDATE "tag"]} when there are
     * too many (RFC 5267 4.3.1; the command still answers the other return options).
     */
    static void open(ImapSession session, Request request, boolean sorted, List<Long> resultUids,
                     Supplier<List<Long>> rerun) {
        SelectedMailbox view = session.selected();
        if (view.contexts().full()) {
            session.writer().raw("* NO [NOUPDATE ").string(request.tag()).raw("] too many updating contexts\r\n");
            return;
        }
        view.contexts().add(request.tag(), request.uid(), sorted, resultUids, rerun);
    }
}
