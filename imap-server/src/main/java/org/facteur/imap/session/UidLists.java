package org.facteur.imap.session;

import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.UidSet;

/** Ascending lists of numbers as IMAP sets ({@code 2,5:7,9}) and set arithmetic over them. */
public final class UidLists {

    private UidLists() {
    }

    /** RFC 3501 9 sequence-set, consecutive numbers as ranges; the input must be ascending. */
    public static String format(List<Long> ascending) {
        return toSet(ascending).toString();
    }

    public static UidSet toSet(List<Long> ascending) {
        List<UidSet.Range> ranges = new ArrayList<>();
        int i = 0;
        while (i < ascending.size()) {
            long first = ascending.get(i);
            long last = first;
            while (i + 1 < ascending.size() && ascending.get(i + 1) == last + 1) {
                last = ascending.get(++i);
            }
            ranges.add(new UidSet.Range(first, last));
            i++;
        }
        return UidSet.ofRanges(ranges);
    }

    /** The numbers of {@code set} from {@code from} to {@code to}, minus the ascending {@code present} ones. */
    public static UidSet absent(UidSet set, long from, long to, long[] present) {
        List<UidSet.Range> ranges = new ArrayList<>();
        for (UidSet.Range r : set.ranges()) {
            long first = Math.max(r.first(), from);
            long last = Math.min(r.last(), to);
            if (first > last) {
                continue;
            }
            int i = lowerBound(present, first);
            long next = first;
            while (i < present.length && present[i] <= last) {
                if (present[i] > next) {
                    ranges.add(new UidSet.Range(next, present[i] - 1));
                }
                next = present[i] + 1;
                i++;
            }
            if (next <= last) {
                ranges.add(new UidSet.Range(next, last));
            }
        }
        return UidSet.ofRanges(ranges);
    }

    private static int lowerBound(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
