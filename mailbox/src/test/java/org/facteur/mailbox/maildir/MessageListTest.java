package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SortKeys;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.index.MessageIndex;
import org.facteur.mailbox.index.MessageRow;
import org.facteur.mailbox.index.SortKeyColumns;
import org.junit.jupiter.api.Test;

class MessageListTest {

    private static MessageRow row(long uid, Flags flags) {
        return new MessageRow(uid, uid * 10, flags, Instant.ofEpochMilli(uid), uid * 100, "f" + uid);
    }

    @Test
    void keepsUidOrderThroughAddsUpdatesAndRemovals() {
        MessageList list = MessageList.of(List.of(row(1, Flags.NONE), row(3, Flags.NONE)));
        for (long uid = 4; uid < 100; uid++) {
            list.add(row(uid, Flags.NONE));
        }
        list.add(row(2, Flags.of(SystemFlag.SEEN))); // recovery may add out of order
        list.update(row(3, Flags.of(java.util.Set.of(SystemFlag.FLAGGED), java.util.Set.of("$Work"))));
        list.remove(List.of(4L, 50L, 1000L));

        List<MessageRecord> all = list.records(UidSet.ALL);
        assertThat(all).hasSize(97).extracting(MessageRecord::uid).isSorted().doesNotContain(4L, 50L);
        assertThat(all.get(1).flags()).isEqualTo(Flags.of(SystemFlag.SEEN));
        assertThat(all.get(2).flags().hasKeyword("$work")).isTrue();
        assertThat(all.get(2).modSeq()).isEqualTo(30);
        assertThat(list.records(UidSet.ofRanges(List.of(new UidSet.Range(2, 5), new UidSet.Range(98, 0xFFFF_FFFFL)))))
                .extracting(MessageRecord::uid).containsExactly(2L, 3L, 5L, 98L, 99L);
    }

    private static SortKeys keys(long uid) {
        return new SortKeys(uid, Instant.ofEpochSecond(uid), "subject " + uid, "from" + uid, null, null,
                "<" + uid + "@x>", List.of(), List.of("<" + (uid - 1) + "@x>"), "From " + uid, null);
    }

    /** An index holding the keys of every UID up to 10,000, recording what it was asked. */
    private static final class Index implements MessageList.StoredSortKeys {
        final List<UidSet> asked = new ArrayList<>();

        @Override
        public void read(UidSet set, MessageIndex.PackedSortKeys sink) {
            asked.add(set);
            for (UidSet.Range r : set.ranges()) {
                for (long uid = r.first(); uid <= Math.min(r.last(), 10_000); uid++) {
                    sink.accept(uid, SortKeyColumns.pack(keys(uid)));
                }
            }
        }
    }

    @Test
    void sortKeysAreReadFromTheIndexOnceThenOnlyForMessagesAddedSince() {
        List<MessageRow> rows = new ArrayList<>();
        for (long uid = 1; uid <= 40; uid++) {
            rows.add(row(uid, Flags.NONE));
        }
        MessageList list = MessageList.of(rows);
        Index index = new Index();
        assertThat(list.sortKeys(UidSet.ALL, index, uid -> null)).hasSize(40).first().isEqualTo(keys(1));
        assertThat(index.asked).containsExactly(UidSet.ALL);

        // Past the arrays' first capacity, one out of order (as recovery may), a flag change, removals.
        for (long uid = 41; uid <= 100; uid++) {
            list.add(row(uid, Flags.NONE));
        }
        list.update(row(5, Flags.of(SystemFlag.SEEN)));
        list.remove(List.of(3L, 50L));
        index.asked.clear();

        List<SortKeys> all = list.sortKeys(UidSet.ALL, index, uid -> null);
        assertThat(all).extracting(SortKeys::uid).isSorted().hasSize(98).doesNotContain(3L, 50L);
        for (SortKeys k : all) {
            assertThat(k).isEqualTo(keys(k.uid()));
        }
        assertThat(index.asked).containsExactly(UidSet.ofRanges(List.of(new UidSet.Range(41, 49), new UidSet.Range(51, 100))));
        index.asked.clear();
        assertThat(list.sortKeys(UidSet.range(2, 6), index, uid -> null)).extracting(SortKeys::uid)
                .containsExactly(2L, 4L, 5L, 6L);
        assertThat(index.asked).isEmpty();
    }

    @Test
    void keysTheIndexLacksAreRemadeAndAGoneMessageIsLeftOut() {
        MessageList list = MessageList.of(List.of(row(1, Flags.NONE), row(20_000, Flags.NONE), row(20_001, Flags.NONE)));
        SortKeys remade = keys(20_000);
        List<SortKeys> found = list.sortKeys(UidSet.ALL, new Index(), uid -> uid == 20_000 ? remade : null);
        assertThat(found).containsExactly(keys(1), remade);
    }
}
