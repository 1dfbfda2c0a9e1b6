package org.facteur.mailbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of UIDs as sorted, disjoint, inclusive ranges, so that {@code 1:4294967295} costs one
 * range and not four billion numbers (the IMAP layer resolves {@code *} before building one).
 */
public final class UidSet {

    /** Every UID a mailbox can hold (RFC 3501: UIDs are 32-bit unsigned, non-zero). */
    public static final UidSet ALL = new UidSet(List.of(new Range(1, 0xFFFF_FFFFL)));

    /** One inclusive range, {@code first <= last}. */
    public record Range(long first, long last) {
        public Range {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("bad UID range " + first + ":" + last);
            }
        }
    }

    private final List<Range> ranges;

    private UidSet(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static UidSet of(long... uids) {
        List<Range> list = new ArrayList<>();
        for (long uid : uids) {
            list.add(new Range(uid, uid));
        }
        return ofRanges(list);
    }

    public static UidSet range(long first, long last) {
        return ofRanges(List.of(new Range(Math.min(first, last), Math.max(first, last))));
    }

    /** Normalises any ranges (overlapping, unsorted) into a sorted disjoint list. */
    public static UidSet ofRanges(List<Range> input) {
        List<Range> sorted = new ArrayList<>(input);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1).last() >= r.first() - 1) {
                Range last = merged.remove(merged.size() - 1);
                merged.add(new Range(last.first(), Math.max(last.last(), r.last())));
            } else {
                merged.add(r);
            }
        }
        return new UidSet(List.copyOf(merged));
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(long uid) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            if (uid < r.first()) {
                hi = mid - 1;
            } else if (uid > r.last()) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UidSet other && other.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            b.append(b.length() > 0 ? "," : "").append(r.first());
            if (r.last() != r.first()) {
                b.append(':').append(r.last());
            }
        }
        return b.toString();
    }
}
