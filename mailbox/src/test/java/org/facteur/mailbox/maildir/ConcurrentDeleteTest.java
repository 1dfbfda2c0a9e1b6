package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mailbox deleted while another session copies into it, flags or expunges in it (found by
 * fuzzing IMAP: a COPY into a mailbox deleted meanwhile failed with an I/O error on a folder
 * that was gone): each such change either completes before the deletion or is refused with
 * "no such mailbox", never an I/O error, and the rest of the store is untouched.
 */
class ConcurrentDeleteTest {

    private static final String USER = "alice@example.test";

    @TempDir
    Path data;

    @Test
    void changesRacingADeleteCompleteOrFindTheMailboxGone() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(data)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
            store.append(inbox, TestMessages.stream(TestMessages.simple("copied")), Flags.NONE, Instant.now());
            List<StoreException.Reason> refusals = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                MailboxId target = store.createMailbox(USER, "Doomed", Optional.empty()).id();
                store.copy(inbox, UidSet.of(1), target);
                CountDownLatch started = new CountDownLatch(1);
                AtomicBoolean gone = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    started.countDown();
                    while (!gone.get()) {
                        try {
                            store.copy(inbox, UidSet.of(1), target);
                            store.setFlags(target, UidSet.range(1, 100), FlagUpdate.ADD,
                                    Flags.of(SystemFlag.DELETED));
                            store.expunge(target, UidSet.range(1, 100));
                        } catch (StoreException e) {
                            synchronized (refusals) {
                                refusals.add(e.reason());
                            }
                            gone.set(e.reason() == StoreException.Reason.NO_SUCH_MAILBOX);
                            if (!gone.get()) {
                                throw e;
                            }
                        }
                    }
                });
                writer.start();
                started.await();
                Thread.sleep(round % 5);
                store.deleteMailbox(USER, "Doomed");
                writer.join(10_000);
                assertThat(gone).as("round %d: the writer saw the mailbox gone", round).isTrue();
            }
            assertThat(refusals).containsOnly(StoreException.Reason.NO_SUCH_MAILBOX);
            assertThat(store.messages(inbox)).hasSize(1);
            assertThat(store.mailbox(USER, "Doomed")).isEmpty();
        }
    }
}
