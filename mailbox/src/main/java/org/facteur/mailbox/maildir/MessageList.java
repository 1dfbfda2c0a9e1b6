package org.facteur.mailbox.maildir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.index.MessageRow;

/**
 * A mailbox's listing (UID, MODSEQ, flags, date, size per message) kept in memory in parallel
 * arrays, about 40 bytes a message, so SELECT of a 100,000-message mailbox costs milliseconds
 * and not a 100,000-row query. It is filled from the index once, then changed in step with it
 * under the mailbox lock; it is not thread-safe on its own.
 */
final class MessageList {

    private long[] uids;
    private long[] modSeqs;
    private int[] systemFlags;
    private String[] keywords;
    private long[] dates;
    private long[] sizes;
    private int count;

    private MessageList(int capacity) {
        int n = Math.max(16, capacity);
        uids = new long[n];
        modSeqs = new long[n];
        systemFlags = new int[n];
        keywords = new String[n];
        dates = new long[n];
        sizes = new long[n];
    }

    /** A list of rows in ascending UID order. */
    static MessageList of(Collection<MessageRow> rows) {
        MessageList list = new MessageList(rows.size() + rows.size() / 8);
        for (MessageRow row : rows) {
            list.add(row);
        }
        return list;
    }

    int size() {
        return count;
    }

    /** Adds a message; UIDs come in ascending order except during recovery, which is kept sorted too. */
    void add(MessageRow row) {
        if (count == uids.length) {
            grow();
        }
        int at = count;
        if (count > 0 && uids[count - 1] >= row.uid()) {
            at = insertionPoint(row.uid());
            if (at < count && uids[at] == row.uid()) {
                set(at, row);
                return;
            }
            shift(at, 1);
        }
        set(at, row);
        count++;
    }

    /** Replaces the flags and MODSEQ of a listed message. */
    void update(MessageRow row) {
        int i = Arrays.binarySearch(uids, 0, count, row.uid());
        if (i >= 0) {
            set(i, row);
        }
    }

    void remove(Collection<Long> removed) {
        Set<Long> doomed = new HashSet<>(removed);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (!doomed.contains(uids[i])) {
                copy(i, kept++);
            }
        }
        Arrays.fill(keywords, kept, count, null);
        count = kept;
    }

    /** What STATUS counts (RFC 3501 6.3.10): messages, those without \Seen, and their total size. */
    record Totals(long messages, long unseen, long size) {
    }

    Totals totals() {
        int seen = Flags.of(SystemFlag.SEEN).systemBits();
        long unseen = 0;
        long size = 0;
        for (int i = 0; i < count; i++) {
            if ((systemFlags[i] & seen) == 0) {
                unseen++;
            }
            size += sizes[i];
        }
        return new Totals(count, unseen, size);
    }

    List<MessageRecord> records(UidSet set) {
        return records(set, -1);
    }

    /** The records of the set whose MODSEQ is above {@code modSeq}; the others cost no object. */
    List<MessageRecord> records(UidSet set, long modSeq) {
        List<MessageRecord> out = new ArrayList<>(set == UidSet.ALL && modSeq < 0 ? count : 16);
        for (UidSet.Range range : set.ranges()) {
            for (int i = insertionPoint(range.first()); i < count && uids[i] <= range.last(); i++) {
                if (modSeqs[i] <= modSeq) {
                    continue;
                }
                out.add(new MessageRecord(uids[i], modSeqs[i], Flags.fromStored(systemFlags[i], keywords[i]),
                        Instant.ofEpochMilli(dates[i]), sizes[i]));
            }
        }
        return out;
    }

    private int insertionPoint(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i >= 0 ? i : -i - 1;
    }

    private void set(int i, MessageRow row) {
        uids[i] = row.uid();
        modSeqs[i] = row.modSeq();
        systemFlags[i] = row.flags().systemBits();
        keywords[i] = row.flags().keywords().isEmpty() ? null : row.flags().keywordString();
        dates[i] = row.internalDate().toEpochMilli();
        sizes[i] = row.size();
    }

    private void copy(int from, int to) {
        uids[to] = uids[from];
        modSeqs[to] = modSeqs[from];
        systemFlags[to] = systemFlags[from];
        keywords[to] = keywords[from];
        dates[to] = dates[from];
        sizes[to] = sizes[from];
    }

    private void shift(int at, int by) {
        System.arraycopy(uids, at, uids, at + by, count - at);
        System.arraycopy(modSeqs, at, modSeqs, at + by, count - at);
        System.arraycopy(systemFlags, at, systemFlags, at + by, count - at);
        System.arraycopy(keywords, at, keywords, at + by, count - at);
        System.arraycopy(dates, at, dates, at + by, count - at);
        System.arraycopy(sizes, at, sizes, at + by, count - at);
    }

    private void grow() {
        int n = uids.length * 2;
        uids = Arrays.copyOf(uids, n);
        modSeqs = Arrays.copyOf(modSeqs, n);
        systemFlags = Arrays.copyOf(systemFlags, n);
        keywords = Arrays.copyOf(keywords, n);
        dates = Arrays.copyOf(dates, n);
        sizes = Arrays.copyOf(sizes, n);
    }
}
