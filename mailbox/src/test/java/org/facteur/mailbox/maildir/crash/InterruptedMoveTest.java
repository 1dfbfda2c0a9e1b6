package org.facteur.mailbox.maildir.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill in the middle of a move of many messages: each must be afterwards in INBOX under its
 * old UID or in Archive, exactly once. {@link MaildirCrashTest} found by chance that a move could
 * lose messages; this test aims its kill at the move, so that the loss shows every time.
 */
class InterruptedMoveTest {

    private static final int MESSAGES = 1000;
    /** Short enough to land inside the move of 1000 messages, which takes some 100 ms or more. */
    private static final long KILL_AFTER_MILLIS = 15;

    @TempDir
    Path work;

    @Test
    void killDuringAMoveLosesAndDuplicatesNothing() throws Exception {
        Path dataDir = work.resolve("data");
        ChildJvm jvm = ChildJvm.prepare(work.resolve("jvm"));
        Ledger ledger = new Ledger();
        CountDownLatch moving = new CountDownLatch(MESSAGES);
        ChildRun child = ChildRun.start(jvm.command(BulkMoveChild.class, dataDir.toString(), "1000000",
                String.valueOf(MESSAGES)), work.resolve("child.log"), line -> {
                    ledger.accept(line);
                    if (line.startsWith(CrashLine.MOVING.name())) {
                        moving.countDown();
                    }
                });
        assertThat(moving.await(120, TimeUnit.SECONDS)).as("the child announced its move\n%s",
                Files.exists(work.resolve("child.log")) ? Files.readString(work.resolve("child.log")) : "").isTrue();
        Thread.sleep(KILL_AFTER_MILLIS);
        child.kill();
        Files.deleteIfExists(dataDir.resolve("index").resolve("facteur.lock.db")); // see CrashLane

        System.out.printf("interrupted move: killed after %d of %d messages were acknowledged as moved%n",
                ledger.lines() - 1 - 2L * MESSAGES, MESSAGES);
        assertThat(ledger.violations()).isEmpty();
        StoreAudit.Result audit = StoreAudit.run(dataDir, ledger);
        assertThat(audit.problems()).isEmpty();
        assertThat(audit.messages()).isEqualTo(MESSAGES);
    }
}
