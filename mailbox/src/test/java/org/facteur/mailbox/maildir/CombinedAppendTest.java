package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends queued for one mailbox are committed together by whichever appender gets its lock; a
 * message whose own step fails (here: its staged file vanished) fails alone, the others of the
 * batch are stored.
 */
class CombinedAppendTest {

    private static final String USER = "alice@example.org";

    @TempDir
    Path dataDir;

    @Test
    void oneFailingMessageOfACombinedBatchFailsAlone() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
            MailboxState box = store.state(inbox);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<AppendResult>> appends = new ArrayList<>();
            box.lock.lock();
            try {
                for (int i = 0; i < 3; i++) {
                    byte[] message = TestMessages.simple("combined " + i);
                    appends.add(pool.submit(() -> store.append(inbox, TestMessages.stream(message), Flags.NONE,
                            Instant.parse("2026-11-26T07:00:00Z"))));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (box.appendQueue.size() < 3) {
                    assertThat(System.nanoTime()).as("three appends queued").isLessThan(deadline);
                    Thread.sleep(5);
                }
                // One staged file goes: that message's rename into cur/ will fail.
                try (Stream<Path> staged = Files.list(box.tmp())) {
                    Files.delete(staged.findFirst().orElseThrow());
                }
            } finally {
                box.lock.unlock();
            }
            int stored = 0;
            int failed = 0;
            for (Future<AppendResult> f : appends) {
                try {
                    AppendResult r = f.get(30, TimeUnit.SECONDS);
                    try (InputStream in = store.content(inbox, r.uid(), 0, Long.MAX_VALUE)) {
                        assertThat(new String(in.readAllBytes())).startsWith("From: Alice");
                    }
                    stored++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StoreException.class);
                    failed++;
                }
            }
            pool.shutdown();
            assertThat(stored).isEqualTo(2);
            assertThat(failed).isEqualTo(1);
            assertThat(store.messages(inbox)).hasSize(2);
        }
    }
}
