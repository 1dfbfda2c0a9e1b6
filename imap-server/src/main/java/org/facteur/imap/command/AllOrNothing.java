package org.facteur.imap.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.UidSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends several messages as one (RFC 3502 3: "all or none"). The store appends one message at a
 * time, so when one fails the ones already written are removed again before the error goes on;
 * other sessions may glimpse them meanwhile (an EXISTS then an EXPUNGE), never keep them.
 */
final class AllOrNothing {

    private static final Logger LOG = LoggerFactory.getLogger(AllOrNothing.class);

    private AllOrNothing() {
    }

    static List<AppendResult> append(MailStore store, MailboxId mailbox, List<AppendMessage> messages) {
        List<AppendResult> done = new ArrayList<>();
        try {
            for (AppendMessage message : messages) {
                try (InputStream in = message.open()) {
                    done.add(store.append(mailbox, in, message.flags(), message.date()));
                } catch (IOException e) {
                    // A spooled literal that cannot be read is our failure, not the connection's.
                    LOG.error("imap.append_spool_unreadable mailbox={}", mailbox, e);
                    throw new CommandFailed("[SERVERBUG] cannot read the message back from the spool");
                }
            }
            return done;
        } catch (RuntimeException e) {
            undo(store, mailbox, done, e);
            throw e;
        }
    }

    private static void undo(MailStore store, MailboxId mailbox, List<AppendResult> done, RuntimeException cause) {
        if (done.isEmpty()) {
            return;
        }
        try {
            store.remove(mailbox, UidSet.of(done.stream().mapToLong(AppendResult::uid).toArray()));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.error("imap.multiappend_undo_failed mailbox={} uids={}", mailbox,
                    done.stream().map(AppendResult::uid).toList(), e);
        }
    }
}
