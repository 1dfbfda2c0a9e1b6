package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.quota.StorageQuota;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running count of a user's bytes (the storage quota's usage) against what the index sums,
 * through every change that adds or frees space, a restart, and appends racing the first count.
 */
class StorageUsageTest {

    private static final String USER = "alice@example.org";
    private static final String OTHER = "bob@example.org";
    private static final Instant DATE = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dataDir;

    private MaildirStore store;

    @BeforeEach
    void open() {
        store = MaildirStore.openExclusive(dataDir);
        store.createAccount(USER);
        store.createAccount(OTHER);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MailboxId box(String name) {
        return store.mailbox(USER, name).orElseThrow().id();
    }

    private long append(String mailbox, int size) {
        byte[] message = TestMessages.ofSize("m" + size, size);
        store.append(box(mailbox), TestMessages.stream(message), Flags.NONE, DATE);
        return message.length;
    }

    /** The count must always be what a fresh sum over the index says. */
    private void assertCountIsIndexSum(long expected) {
        assertThat(store.storageUsed(USER)).isEqualTo(expected);
        assertThat(store.index().storageUsed(USER)).isEqualTo(expected);
    }

    @Test
    void countsAppendsCopiesAndFreesOnExpungeRemoveAndDelete() {
        assertCountIsIndexSum(0);
        long a = append("INBOX", 2000);
        long b = append("INBOX", 5000);
        long c = append("Sent", 3000);
        assertCountIsIndexSum(a + b + c);
        assertThat(store.storageUsed(OTHER)).isZero();

        store.copy(box("INBOX"), UidSet.ALL, box("Archive"));
        assertCountIsIndexSum(2 * (a + b) + c);

        store.move(box("Archive"), UidSet.ALL, box("Trash"));
        assertCountIsIndexSum(2 * (a + b) + c);

        store.setFlags(box("Trash"), UidSet.of(1), FlagUpdate.ADD, Flags.of(SystemFlag.DELETED));
        store.expunge(box("Trash"), UidSet.ALL);
        assertCountIsIndexSum(a + 2 * b + c);

        store.remove(box("INBOX"), UidSet.of(2)); // POP3 DELE at QUIT
        assertCountIsIndexSum(a + b + c);

        store.deleteMailbox(USER, "Trash");
        assertCountIsIndexSum(a + c);

        store.renameMailbox(USER, "Sent", "Old");
        assertCountIsIndexSum(a + c);

        store.deleteAccount(USER);
        assertThat(store.storageUsed(USER)).isZero();
        store.createAccount(USER);
        assertCountIsIndexSum(0);
    }

    @Test
    void usageIsKnownWithoutQueryOnlyOnceCounted() {
        assertThat(store.storageUsedIfKnown(USER)).isEmpty();
        long a = append("INBOX", 1000);
        assertThat(store.storageUsedIfKnown(USER)).isEmpty();
        assertThat(store.storageUsed(USER)).isEqualTo(a);
        long b = append("INBOX", 1000);
        assertThat(store.storageUsedIfKnown(USER)).hasValue(a + b);
    }

    @Test
    void survivesRestart() {
        long a = append("INBOX", 4000);
        long b = append("Drafts", 4000);
        store.storageUsed(USER);
        store.close();
        store = MaildirStore.openExclusive(dataDir);
        assertCountIsIndexSum(a + b);
        store.expunge(box("INBOX"), UidSet.ALL); // nothing \Deleted: nothing freed
        assertCountIsIndexSum(a + b);
    }

    @Test
    void appendsRacingTheFirstCountAreCountedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> sizes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int size = 500 + i * 37;
                sizes.add(pool.submit(() -> append("INBOX", size)));
                if (i % 10 == 5) {
                    sizes.add(pool.submit(() -> {
                        store.storageUsed(USER);
                        return 0L;
                    }));
                }
            }
            long total = 0;
            for (Future<Long> f : sizes) {
                total += f.get();
            }
            assertCountIsIndexSum(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void quotaAllowsUpToItsLimit() {
        long a = append("INBOX", 3000);
        StorageQuota quota = new StorageQuota(store, a + 100);
        assertThat(quota.allows(USER, 100)).isTrue();
        assertThat(quota.allows(USER, 101)).isFalse();
        assertThat(quota.roomIfKnown(USER)).isEqualTo(100);
        assertThat(StorageQuota.NONE.allows(USER, Long.MAX_VALUE)).isTrue();
        assertThat(StorageQuota.NONE.roomIfKnown(USER)).isEqualTo(Long.MAX_VALUE);
        assertThat(quota.limited()).isTrue();
        assertThat(StorageQuota.NONE.limited()).isFalse();
    }
}
