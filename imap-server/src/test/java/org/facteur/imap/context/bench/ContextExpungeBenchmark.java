package org.facteur.imap.context.bench;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.facteur.imap.context.UpdateContexts;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.support.ScalingRatio;

/**
 * What an EXPUNGE of every message costs the updating contexts (RFC 5267 4.3.4: one REMOVEFROM
 * per expunged message, before its EXPUNGE) with one SEARCH and one SORT context open over the
 * whole mailbox. The figure that matters is the ratio between a large mailbox and one ten times
 * smaller, measured in the same run: about 10 when each expunge costs O(log n), about 100 when it
 * costs O(n). Run: {@code java -cp <test classpath> org.facteur.imap.context.bench.ContextExpungeBenchmark [messages]}.
 */
public final class ContextExpungeBenchmark {

    public static void main(String[] args) {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        ScalingRatio.print("expunge all, SEARCH + SORT context open", large, ContextExpungeBenchmark::expungeAll);
    }

    /** Opens the two contexts, then expunges every message in UID order, as EXPUNGE after 1:* \Deleted does. */
    private static long expungeAll(int messages) {
        List<Long> ascending = new ArrayList<>(messages);
        for (long uid = 1; uid <= messages; uid++) {
            ascending.add(uid);
        }
        List<Long> sorted = new ArrayList<>(ascending);
        Collections.shuffle(sorted, new Random(messages));
        UpdateContexts contexts = new UpdateContexts();
        contexts.add("S", true, false, ascending, () -> List.of());
        contexts.add("T", true, true, sorted, () -> List.of());
        ImapWriter out = new ImapWriter(OutputStream.nullOutputStream());
        System.gc(); // the set-up's garbage is not the expunges' cost
        long start = System.nanoTime();
        for (long uid = 1; uid <= messages; uid++) {
            contexts.beforeExpunge(out, uid, 1);
        }
        return System.nanoTime() - start;
    }
}
