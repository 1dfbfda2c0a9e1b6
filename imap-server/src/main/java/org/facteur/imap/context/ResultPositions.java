package org.facteur.imap.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UIDs of one context's result in the client's order, from which messages leave one by one
 * (RFC 5267 4.3.4: each expunge, while the others wait). Removing one and learning its position
 * in what is left costs O(log n): a message keeps the slot it had when the result was made, and a
 * Fenwick tree over the slots counts those still present, so a position is the count of present
 * slots up to its own. A UID is found by binary search in a sorted copy.
 */
final class ResultPositions {

    private final long[] order;
    /** The UIDs ascending, and for each the slot it has in {@link #order}. */
    private final long[] byUid;
    private final int[] slotOf;
    private final boolean[] present;
    /** Fenwick tree (1-based) of the present slots. */
    private final int[] tree;
    private int size;

    ResultPositions(List<Long> uids) {
        int n = uids.size();
        order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = uids.get(i);
        }
        byUid = order.clone();
        Arrays.sort(byUid);
        slotOf = new int[n];
        for (int i = 0; i < n; i++) {
            slotOf[Arrays.binarySearch(byUid, order[i])] = i;
        }
        present = new boolean[n];
        Arrays.fill(present, true);
        tree = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            tree[i] = i & -i; // every slot present: node i covers i & -i of them
        }
        size = n;
    }

    /** Whether {@code uid} is still in the result. */
    boolean contains(long uid) {
        return slot(uid) >= 0;
    }

    /**
     * Takes {@code uid} out of the result and answers the 1-based position it had in what was
     * left before, or 0 when it was not there.
     */
    int remove(long uid) {
        int slot = slot(uid);
        if (slot < 0) {
            return 0;
        }
        int position = 0;
        for (int i = slot + 1; i > 0; i -= i & -i) {
            position += tree[i];
        }
        for (int i = slot + 1; i < tree.length; i += i & -i) {
            tree[i]--;
        }
        present[slot] = false;
        size--;
        return position;
    }

    /** What is left, in order. */
    List<Long> current() {
        List<Long> left = new ArrayList<>(size);
        for (int i = 0; i < order.length; i++) {
            if (present[i]) {
                left.add(order[i]);
            }
        }
        return left;
    }

    private int slot(long uid) {
        int found = Arrays.binarySearch(byUid, uid);
        if (found < 0) {
            return -1;
        }
        int slot = slotOf[found];
        return present[slot] ? slot : -1;
    }
}
