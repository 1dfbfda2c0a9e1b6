package org.facteur.mailbox.maildir;

import java.lang.ref.SoftReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SortKeys;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.index.MessageIndex;
import org.facteur.mailbox.index.MessageRow;
import org.facteur.mailbox.index.SortKeyBytes;
import org.facteur.mailbox.index.SortKeyColumns;

/**
 * A mailbox's listing (UID, MODSEQ, flags, date, size per message) kept in memory in parallel
 * arrays, about 40 bytes a message, so SELECT of a 100,000-message mailbox costs milliseconds
 * and not a 100,000-row query. It is filled from the index once, then changed in step with it
 * under the mailbox lock; it is not thread-safe on its own.
 *
 * <p>Once SORT or THREAD asked for them, it also holds each message's {@link SortKeys} (packed
 * by {@link SortKeyBytes}, as the index stores them) in one more parallel array, read from the index in one scan, so that
 * sorting never queries the index again: a message added afterwards is listed without its keys
 * until the next request reads them (the index has them from its append), an expunged one loses
 * them with its slot. That array is held softly: under heap pressure the collector may drop it
 * rather than fail, and the next request reads it again.
 */
final class MessageList {

    private long[] uids;
    private long[] modSeqs;
    private int[] systemFlags;
    private String[] keywords;
    private long[] dates;
    private long[] sizes;
    private SoftReference<byte[][]> sortKeys;
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
                forgetSortKeys(at);
                return;
            }
            shift(at, 1);
        }
        set(at, row);
        forgetSortKeys(at);
        count++;
    }

    private void forgetSortKeys(int i) {
        byte[][] keys = sortKeyTable();
        if (keys != null) {
            keys[i] = null;
        }
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
        byte[][] keys = sortKeyTable();
        if (keys != null) {
            Arrays.fill(keys, kept, count, null);
        }
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

    /** Where keys not held yet are read: the index, which gives them packed, in ascending UID order. */
    @FunctionalInterface
    interface StoredSortKeys {
        void read(UidSet uids, MessageIndex.PackedSortKeys sink);
    }

    /**
     * The sort keys of the listed messages of {@code set}, in ascending UID order. Keys not held
     * yet come from {@code stored} (asked once for the whole mailbox when none are held, then
     * only for the UIDs lacking them), and those it lacks from {@code remake}, which gives null
     * for a message that is gone (left out).
     */
    List<SortKeys> sortKeys(UidSet set, StoredSortKeys stored, LongFunction<SortKeys> remake) {
        byte[][] held = sortKeyTable();
        byte[][] keys = held != null ? held : loadSortKeys(stored);
        List<Long> missing = new ArrayList<>();
        forEachListed(set, i -> {
            if (keys[i] == null) {
                missing.add(uids[i]);
            }
        });
        if (!missing.isEmpty()) {
            stored.read(UidSet.of(missing.stream().mapToLong(Long::longValue).toArray()), filler(keys));
            for (long uid : missing) {
                int i = Arrays.binarySearch(uids, 0, count, uid);
                if (keys[i] == null) {
                    SortKeys made = remake.apply(uid);
                    keys[i] = made == null ? null : SortKeyColumns.pack(made);
                }
            }
        }
        List<SortKeys> out = new ArrayList<>(set == UidSet.ALL ? count : 16);
        forEachListed(set, i -> {
            if (keys[i] != null) {
                out.add(SortKeyBytes.decode(uids[i], keys[i]));
            }
        });
        return out;
    }

    private byte[][] loadSortKeys(StoredSortKeys stored) {
        byte[][] keys = new byte[uids.length][];
        stored.read(UidSet.ALL, filler(keys));
        sortKeys = new SoftReference<>(keys);
        return keys;
    }

    /** Takes the keys of listed UIDs as they come, ascending; the others are ignored. */
    private MessageIndex.PackedSortKeys filler(byte[][] keys) {
        int[] at = {0};
        return (uid, packed) -> {
            int i = at[0];
            while (i < count && uids[i] < uid) {
                i++;
            }
            if (i < count && uids[i] == uid) {
                keys[i++] = packed;
            }
            at[0] = i;
        };
    }

    private void forEachListed(UidSet set, java.util.function.IntConsumer action) {
        for (UidSet.Range range : set.ranges()) {
            for (int i = insertionPoint(range.first()); i < count && uids[i] <= range.last(); i++) {
                action.accept(i);
            }
        }
    }

    /** The keys' array, or null when none are held (never asked for, or dropped by the collector). */
    private byte[][] sortKeyTable() {
        byte[][] keys = sortKeys == null ? null : sortKeys.get();
        if (keys == null) {
            sortKeys = null;
        }
        return keys;
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
        byte[][] keys = sortKeyTable();
        if (keys != null) {
            keys[to] = keys[from];
        }
    }

    private void shift(int at, int by) {
        System.arraycopy(uids, at, uids, at + by, count - at);
        System.arraycopy(modSeqs, at, modSeqs, at + by, count - at);
        System.arraycopy(systemFlags, at, systemFlags, at + by, count - at);
        System.arraycopy(keywords, at, keywords, at + by, count - at);
        System.arraycopy(dates, at, dates, at + by, count - at);
        System.arraycopy(sizes, at, sizes, at + by, count - at);
        byte[][] keys = sortKeyTable();
        if (keys != null) {
            System.arraycopy(keys, at, keys, at + by, count - at);
        }
    }

    private void grow() {
        int n = uids.length * 2;
        uids = Arrays.copyOf(uids, n);
        modSeqs = Arrays.copyOf(modSeqs, n);
        systemFlags = Arrays.copyOf(systemFlags, n);
        keywords = Arrays.copyOf(keywords, n);
        dates = Arrays.copyOf(dates, n);
        sizes = Arrays.copyOf(sizes, n);
        byte[][] keys = sortKeyTable();
        if (keys != null) {
            sortKeys = new SoftReference<>(Arrays.copyOf(keys, n));
        }
    }
}
