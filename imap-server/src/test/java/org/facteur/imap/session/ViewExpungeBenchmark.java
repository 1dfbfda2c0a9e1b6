package org.facteur.imap.session;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.support.ScalingRatio;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;

/**
 * What one EXPUNGE of every message costs the selected mailbox's view (its sequence numbers and
 * the EXPUNGE responses, no context open), as the ratio between a large mailbox and one ten times
 * smaller in the same run: about 10 when the view is compacted once, about 100 when it shifts
 * per message. In this package to build a view without a store. Run:
 * {@code java -cp <test classpath> org.facteur.imap.session.ViewExpungeBenchmark [messages]}.
 */
public final class ViewExpungeBenchmark {

    public static void main(String[] args) {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        ScalingRatio.print("EXPUNGE of every message, selected view only", large, ViewExpungeBenchmark::expungeAll);
    }

    private static long expungeAll(int messages) {
        MailboxId id = new MailboxId(1);
        SelectedMailbox view = new SelectedMailbox(id, true, 1, new RecentTracker(), () -> { },
                new EnabledExtensions());
        List<MessageRecord> records = new ArrayList<>(messages);
        List<Long> uids = new ArrayList<>(messages);
        Instant now = Instant.now();
        for (long uid = 1; uid <= messages; uid++) {
            records.add(new MessageRecord(uid, uid, Flags.NONE, now, 100));
            uids.add(uid);
        }
        ImapWriter out = new ImapWriter(OutputStream.nullOutputStream());
        view.onEvent(new MailboxEvent.Appended(id, records));
        view.sendUpdates(out, true);
        System.gc(); // the set-up's garbage is not the expunge's cost
        long start = System.nanoTime();
        view.expunged(out, uids);
        long elapsed = System.nanoTime() - start;
        if (view.exists() != 0) {
            throw new IllegalStateException("the view still holds " + view.exists() + " messages");
        }
        return elapsed;
    }
}
