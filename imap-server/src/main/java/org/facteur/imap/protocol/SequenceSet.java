package org.facteur.imap.protocol;

import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.UidSet;

/**
 * A sequence set as a client writes it (RFC 3501 9: {@code 1:4,7,10:*}), kept as ranges so that
 * {@code 1:4294967295} costs nothing. {@code *} is resolved only against a mailbox: the highest
 * message sequence number, or the highest UID, at the time of the command (RFC 3501 6.4.8: for
 * UIDs, {@code n:*} always includes the last message even when {@code n} is larger).
 * {@code $} (RFC 5182 2.1) stands for the messages a {@code SEARCH RETURN (SAVE)} kept: it has no
 * numbers of its own, so whoever holds the saved result resolves it ({@link #isSavedResult()}).
 */
public final class SequenceSet {

    /** Stands for {@code *} until {@link #resolve} replaces it. */
    private static final long STAR = -1;

    /** RFC 5182 3: {@code seq-last-command = "$"}, a whole sequence set on its own. */
    public static final String SAVED_RESULT = "$";

    private record Range(long from, long to) {
    }

    private final List<Range> ranges;
    private final String text;

    private SequenceSet(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /** Parses {@code sequence-set}, or {@code $} (RFC 5182). */
    public static SequenceSet parse(String text) {
        if (text.isEmpty()) {
            throw new BadCommandException("empty sequence set");
        }
        if (text.equals(SAVED_RESULT)) {
            return new SequenceSet(List.of(), text);
        }
        List<Range> ranges = new ArrayList<>();
        for (String element : text.split(",", -1)) {
            int colon = element.indexOf(':');
            if (colon < 0) {
                long n = number(element, text);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(element.substring(0, colon), text), number(element.substring(colon + 1), text)));
            }
        }
        return new SequenceSet(List.copyOf(ranges), text);
    }

    /** Whether {@code text} has the shape of a sequence set (SEARCH tells keys from sets this way). */
    public static boolean looksLikeOne(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == ':' || c == ',' || c == '*');
    }

    private static long number(String s, String whole) {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0' || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadCommandException("bad sequence set: " + whole);
        }
        long n = Long.parseLong(s);
        if (n > 0xFFFF_FFFFL) {
            throw new BadCommandException("sequence number out of range: " + whole);
        }
        return n;
    }

    /**
     * Whether this is {@code $}, the saved search result (RFC 5182): {@link #resolve} and
     * {@link #contains} then see an empty set; the selected mailbox knows what it holds.
     */
    public boolean isSavedResult() {
        return text.equals(SAVED_RESULT);
    }

    /**
     * The numbers of the set (sequence numbers or UIDs, both 32-bit and non-zero) as sorted,
     * disjoint ranges, {@code *} meaning {@code star}: the largest number in use, 0 in an empty
     * mailbox, where {@code *} then matches nothing. Not clipped to {@code star}: callers
     * intersect with what exists.
     */
    public UidSet resolve(long star) {
        List<UidSet.Range> resolved = new ArrayList<>();
        for (Range range : ranges) {
            long from = range.from == STAR ? star : range.from;
            long to = range.to == STAR ? star : range.to;
            if (from == 0 && to == 0) {
                continue;
            }
            resolved.add(new UidSet.Range(Math.max(1, Math.min(from, to)), Math.max(from, to)));
        }
        return UidSet.ofRanges(resolved);
    }

    /** Whether {@code n} is in the set once {@code *} means {@code star}. */
    public boolean contains(long n, long star) {
        for (Range range : ranges) {
            long from = range.from == STAR ? star : range.from;
            long to = range.to == STAR ? star : range.to;
            if (n >= Math.min(from, to) && n <= Math.max(from, to)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
