package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends hand their index rows to a background writer: whatever runs next on the index must
 * still come after them, and closing the store must leave none behind. A row written late or
 * lost shows at the next open, as work recovery has to do.
 */
class PendingIndexRowsTest {

    private static final String USER = "carol@example.org";
    private static final Instant DATE = Instant.parse("2026-11-26T00:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void closingWritesEveryQueuedRow() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = inbox(store);
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        append(store, inbox, "writer " + writer + " message " + i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            assertThat(store.lastRecovery().indexed()).as("messages recovery had to index").isZero();
            assertThat(store.messages(inbox(store))).hasSize(200);
        }
    }

    @Test
    void anExpungeRightAfterAnAppendComesAfterItsRow() {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = inbox(store);
            for (int i = 0; i < 100; i++) {
                long uid = append(store, inbox, "short-lived " + i);
                assertThat(store.remove(inbox, UidSet.of(uid))).containsExactly(uid);
            }
            long kept = append(store, inbox, "kept");
            assertThat(store.status(inbox).messages()).isEqualTo(1);
            assertThat(store.summary(inbox, kept)).isNotNull();
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            // An insert written after its expunge would leave a row without a file here.
            assertThat(store.lastRecovery().dropped()).as("rows without a file").isZero();
            assertThat(store.lastRecovery().indexed()).as("files without a row").isZero();
            assertThat(store.messages(inbox(store))).hasSize(1);
        }
    }

    private static MailboxId inbox(MailStore store) {
        return store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
    }

    private static long append(MailStore store, MailboxId inbox, String subject) {
        return store.append(inbox, new ByteArrayInputStream(TestMessages.simple(subject)), Flags.NONE, DATE).uid();
    }
}
