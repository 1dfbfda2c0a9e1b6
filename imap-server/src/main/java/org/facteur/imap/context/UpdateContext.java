package org.facteur.imap.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.UidLists;
import org.facteur.imap.sort.SortResultWriter;

/**
 * One updating context (RFC 5267 4.3): the result the client holds, as UIDs in the requested
 * order (mailbox order for SEARCH, sort order for SORT), and how to compute it again. Changes are
 * found by running the search again and comparing; what the client must do to its copy is
 * written as ADDTO and REMOVEFROM. SORT contexts carry positions in the sorted result; SEARCH
 * contexts position 0, the sets in mailbox order (RFC 5267 4.3.3, 4.3.4).
 */
final class UpdateContext {

    private final String tag;
    private final boolean uid;
    private final boolean sorted;
    private final Supplier<List<Long>> rerun;
    private ResultPositions result;

    UpdateContext(String tag, boolean uid, boolean sorted, List<Long> result, Supplier<List<Long>> rerun) {
        this.tag = tag;
        this.uid = uid;
        this.sorted = sorted;
        this.result = new ResultPositions(result);
        this.rerun = rerun;
    }

    /**
     * The message {@code uid}, at {@code sequence}, is about to be expunged: RFC 5267 4.3.4 wants
     * its REMOVEFROM before the EXPUNGE, while the sequence number still names it.
     */
    void beforeExpunge(ImapWriter out, long expungedUid, long sequence) {
        int position = result.remove(expungedUid);
        if (position == 0) {
            return;
        }
        start(out).raw(" REMOVEFROM (").number(sorted ? position : 0).raw(" ")
                .number(uid ? expungedUid : sequence).raw(")\r\n");
    }

    /**
     * Runs the search again and tells the client what left and what joined its result: O(n log n),
     * membership a binary search over primitive UIDs rather than sets of boxed ones.
     */
    void refresh(ImapWriter out, LongUnaryOperator sequenceOf) {
        List<Long> now = rerun.get();
        List<Long> held = result.current();
        long[] after = ascending(now);
        List<Long> removed = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            if (Arrays.binarySearch(after, held.get(i)) < 0) {
                removed.add(held.get(i));
                positions.add((long) i - removed.size() + 2);
            }
        }
        if (!removed.isEmpty()) {
            writeRuns(start(out).raw(" REMOVEFROM ("), removed, positions, 0, sequenceOf);
        }
        List<Long> added = new ArrayList<>();
        positions.clear();
        for (int i = 0; i < now.size(); i++) {
            if (!result.contains(now.get(i))) {
                added.add(now.get(i));
                positions.add((long) i + 1);
            }
        }
        if (!added.isEmpty()) {
            writeRuns(start(out).raw(" ADDTO ("), added, positions, 1, sequenceOf);
        }
        result = new ResultPositions(now);
    }

    private static long[] ascending(List<Long> uids) {
        long[] sortedUids = new long[uids.size()];
        for (int i = 0; i < sortedUids.length; i++) {
            sortedUids[i] = uids.get(i);
        }
        Arrays.sort(sortedUids);
        return sortedUids;
    }

    private ImapWriter start(ImapWriter out) {
        out.raw("* ESEARCH (TAG ").string(tag).raw(")");
        return uid ? out.raw(" UID") : out;
    }

    /**
     * SEARCH: one pair, position 0 and every message in mailbox order. SORT: one pair per run of
     * messages at consecutive positions, so that each pair applied in order gives the new result
     * (RFC 5267 4.3.2: the client processes them in the order they appear). A run's positions
     * step by {@code step}: 0 for removals (each one shifts the next to the same position), 1 for
     * additions.
     */
    private void writeRuns(ImapWriter out, List<Long> uids, List<Long> positions, int step,
                           LongUnaryOperator sequenceOf) {
        if (!sorted) {
            out.raw("0 ").raw(UidLists.format(numbers(uids, sequenceOf))).raw(")\r\n");
            return;
        }
        int i = 0;
        while (i < uids.size()) {
            int end = i;
            while (end + 1 < uids.size() && positions.get(end + 1) == positions.get(end) + step) {
                end++;
            }
            if (i > 0) {
                out.raw(" ");
            }
            out.number(positions.get(i)).raw(" ")
                    .raw(SortResultWriter.sequenceSetInOrder(numbers(uids.subList(i, end + 1), sequenceOf)));
            i = end + 1;
        }
        out.raw(")\r\n");
    }

    private List<Long> numbers(List<Long> uids, LongUnaryOperator sequenceOf) {
        if (uid) {
            return uids;
        }
        List<Long> sequences = new ArrayList<>(uids.size());
        uids.forEach(u -> sequences.add(sequenceOf.applyAsLong(u)));
        return sequences;
    }
}
