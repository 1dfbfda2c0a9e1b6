package org.facteur.mailbox.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.facteur.mailbox.MailboxId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appended messages' index rows, on their way to the index.
 *
 * <p>An append is durable through its file alone: the index is rebuilt from the files at start
 * (crash recovery), and H2 itself writes its commits to disk only about once a second. So the
 * appending thread hands its rows over here and returns as soon as the file is durable, and a
 * background thread writes the rows, as many appends per transaction as have queued up. That
 * takes the index's CPU work (about half an append's) out of the append's latency, and shares
 * one transaction between concurrent appends.
 *
 * <p>Nothing ever reads the index without them: {@link MessageIndex} writes the queued rows
 * before any other transaction or query ({@link #flush}), on the caller's thread if the
 * background thread has not got to them yet.
 */
final class PendingInserts {

    private static final Logger LOG = LoggerFactory.getLogger(PendingInserts.class);

    /** One message's rows. */
    record Insert(MailboxId mailbox, MessageRow row, byte[] summary) {
    }

    /** A mailbox's counters as of its last queued append. */
    record Counters(long uidNext, long highestModSeq) {
    }

    /** Writes a batch in one transaction. */
    @FunctionalInterface
    interface Writer {
        void write(List<Insert> inserts, Map<MailboxId, Counters> counters);
    }

    private final Writer writer;
    /** Held while a batch is written, so a flush returns only once everything queued before it is in. */
    private final Object writing = new Object();
    private final ThreadPoolExecutor background;

    private List<Insert> queued = new ArrayList<>();
    private Map<MailboxId, Counters> counters = new LinkedHashMap<>();
    private boolean scheduled;

    PendingInserts(Writer writer) {
        this.writer = writer;
        // One thread, gone when idle: nothing to shut down when the store closes.
        this.background = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "facteur-index-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the rows of one append; the counters are the mailbox's after it. */
    void add(List<Insert> inserts, MailboxId mailbox, Counters after) {
        boolean schedule;
        synchronized (this) {
            queued.addAll(inserts);
            counters.put(mailbox, after);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            background.execute(this::flush);
        }
    }

    /** Writes every row queued so far, unless another thread is writing them right now: then waits for it. */
    void flush() {
        synchronized (writing) {
            List<Insert> batch;
            Map<MailboxId, Counters> after;
            synchronized (this) {
                scheduled = false;
                if (queued.isEmpty()) {
                    return;
                }
                batch = queued;
                after = counters;
                queued = new ArrayList<>();
                counters = new LinkedHashMap<>();
            }
            write(batch, after);
        }
    }

    private void write(List<Insert> batch, Map<MailboxId, Counters> after) {
        try {
            writer.write(batch, after);
        } catch (RuntimeException batchFailure) {
            // One bad row must not keep the others out: each gets a transaction of its own.
            for (Insert insert : batch) {
                try {
                    Counters c = after.get(insert.mailbox());
                    writer.write(List.of(insert), c == null ? Map.of() : Map.of(insert.mailbox(), c));
                } catch (RuntimeException e) {
                    // The file is in place and durable; the next start's recovery indexes it.
                    LOG.error("cannot index message {} of mailbox {}; it is indexed again at the next start: {}",
                            insert.row().uid(), insert.mailbox(), e.getMessage());
                }
            }
        }
    }
}
