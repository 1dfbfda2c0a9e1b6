package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.index.MessageRow;
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
}
