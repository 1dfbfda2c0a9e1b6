package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.facteur.mailbox.ExpungedUids;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory of expunged UIDs QRESYNC needs (RFC 7162 3.2.5.1): across restarts, and after an index rebuild. */
class ExpungedMemoryTest {

    private static final String USER = "alice@example.org";

    @TempDir
    Path dataDir;

    private static MailboxId inbox(MaildirStore store) {
        return store.mailbox(USER, "INBOX").orElseThrow().id();
    }

    private static long append(MaildirStore store, String subject, Flags flags) {
        return store.append(inbox(store), TestMessages.stream(TestMessages.simple(subject)), flags, Instant.now()).uid();
    }

    @Test
    void expungesSurviveARestart() {
        long a;
        long since;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, "keep", Flags.NONE);
            since = store.status(inbox(store)).highestModSeq();
            a = append(store, "gone", Flags.of(SystemFlag.DELETED));
            store.expunge(inbox(store), UidSet.ALL);
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            assertThat(store.expungedSince(inbox(store), since)).isEqualTo(new ExpungedUids(List.of(a), true));
        }
    }

    @Test
    void aRebuiltIndexKnowsOnlyTheExpungesAfterItsRebuild() throws java.io.IOException {
        long before;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, "keep", Flags.NONE);
            before = store.status(inbox(store)).highestModSeq();
            append(store, "gone", Flags.of(SystemFlag.DELETED));
            store.expunge(inbox(store), UidSet.ALL);
        }
        MaildirStore.deleteRecursively(dataDir.resolve("index"));
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            // The old expunge is forgotten: a client that synced before it must be told of every missing UID.
            assertThat(store.expungedSince(inbox(store), before).complete()).isFalse();
            long rebuilt = store.status(inbox(store)).highestModSeq();
            long c = append(store, "later", Flags.of(SystemFlag.DELETED));
            store.expunge(inbox(store), UidSet.of(c));
            assertThat(store.expungedSince(inbox(store), rebuilt)).isEqualTo(new ExpungedUids(List.of(c), true));
        }
    }
}
