package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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

    /**
     * An append writes its file into the folder's {@code tmp/} before it takes the mailbox's lock,
     * so it can race the deletion of the folder's directory: the deletion must still succeed and
     * leave no directory behind, or the mailbox comes back at the next start.
     */
    @Test
    void appendsRacingADeleteLeaveNoFolderBehind() throws Exception {
        for (int round = 0; round < 10; round++) {
            try (MaildirStore store = MaildirStore.openExclusive(data)) {
                if (round == 0) {
                    store.createAccount(USER);
                }
                MailboxId target = store.createMailbox(USER, "Doomed", Optional.empty()).id();
                AtomicBoolean gone = new AtomicBoolean();
                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<Thread> writers = new ArrayList<>();
                CountDownLatch started = new CountDownLatch(2);
                for (int w = 0; w < 2; w++) {
                    Thread writer = new Thread(() -> {
                        started.countDown();
                        while (!gone.get()) {
                            try {
                                store.append(target, TestMessages.stream(TestMessages.simple("racing")), Flags.NONE,
                                        Instant.now());
                            } catch (StoreException e) {
                                if (e.reason() != StoreException.Reason.NO_SUCH_MAILBOX) {
                                    throw e;
                                }
                                gone.set(true);
                            }
                        }
                    });
                    writer.setUncaughtExceptionHandler((t, e) -> {
                        failures.add(e);
                        gone.set(true);
                    });
                    writer.start();
                    writers.add(writer);
                }
                started.await();
                Thread.sleep(round % 4);
                store.deleteMailbox(USER, "Doomed");
                for (Thread writer : writers) {
                    writer.join(10_000);
                }
                assertThat(failures).as("round %d: appends refused otherwise than 'no such mailbox'", round).isEmpty();
            }
            try (Stream<Path> left = Files.list(data.resolve("mail/example.test/alice"))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .as("round %d", round).noneMatch(name -> name.contains("Doomed"));
            }
            try (MaildirStore reopened = MaildirStore.openExclusive(data)) {
                assertThat(reopened.mailbox(USER, "Doomed")).as("round %d, after recovery", round).isEmpty();
            }
        }
    }

    @Test
    void aDeletionInterruptedByAStopIsFinishedAtTheNextStart() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(data)) {
            store.createAccount(USER);
        }
        Path user = data.resolve("mail/example.test/alice");
        Path leftover = Files.createDirectories(user.resolve("facteur-deleting-1234/cur"));
        Files.writeString(leftover.resolve("1.M1P1.host,S=3,U=1:2,"), "x\r\n");
        try (MaildirStore store = MaildirStore.openExclusive(data)) {
            assertThat(user.resolve("facteur-deleting-1234")).doesNotExist();
            assertThat(store.mailboxes(USER)).noneMatch(m -> m.name().contains("deleting"));
        }
    }
}
