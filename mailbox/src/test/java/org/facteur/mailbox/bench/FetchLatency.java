package org.facteur.mailbox.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.mime.MessageSummary;
import org.facteur.mailbox.mime.MimePart;

/**
 * What FETCH BODYSTRUCTURE and FETCH BODY[1] cost on a large mailbox: the summary computed at
 * append, and one part's bytes read from the file range the summary gives.
 */
final class FetchLatency {

    /** Median and 99th percentile, in microseconds. */
    record Latency(double medianMicros, double p99Micros) {
    }

    private FetchLatency() {
    }

    static Latency summary(MailStore store, MailboxId box, long uids, int samples) {
        SplittableRandom random = new SplittableRandom(1);
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long uid = 1 + random.nextLong(uids);
            long t0 = System.nanoTime();
            store.summary(box, uid);
            nanos[i] = System.nanoTime() - t0;
        }
        return of(nanos);
    }

    static Latency part(MailStore store, MailboxId box, long uids, int samples) {
        SplittableRandom random = new SplittableRandom(2);
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long uid = 1 + random.nextLong(uids);
            long t0 = System.nanoTime();
            MessageSummary summary = store.summary(box, uid);
            MimePart part = summary.part(1).orElseThrow();
            try (InputStream in = store.content(box, uid, part.bodyStart(), part.bodySize())) {
                if (in.readAllBytes().length != part.bodySize()) {
                    throw new IllegalStateException("short read of part 1 of " + uid);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            nanos[i] = System.nanoTime() - t0;
        }
        return of(nanos);
    }

    private static Latency of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }
}
