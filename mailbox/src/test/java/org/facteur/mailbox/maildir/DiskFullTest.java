package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills during an append: the append fails with {@code DISK_FULL} and a clear message,
 * leaves no half message behind, and once space is freed the store goes on with the next UID.
 *
 * <p>The disk is real: a 2 MB tmpfs mounted as the whole data directory (index included) in a
 * private mount namespace ({@code unshare -rm}, which needs no real root), where a child JVM
 * ({@link Child}) does the work and checks; the test fails, never skips, if that is not possible.
 */
class DiskFullTest {

    private static final String SIZE = "2m";
    /** The exit status of the shell when it cannot mount the tmpfs. */
    private static final int NO_MOUNT = 77;

    @TempDir
    Path dataDir;

    @Test
    void appendIntoAFullDiskFailsCleanlyAndTheStoreRecoversWhenSpaceIsFreed() throws Exception {
        List<String> command = List.of("unshare", "-rm", "sh", "-c",
                "mount -t tmpfs -o size=" + SIZE + " tmpfs \"$0\" || exit " + NO_MOUNT + "; exec \"$@\"",
                dataDir.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), dataDir.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("this test needs unshare(1) (util-linux) to mount a small tmpfs: " + e.getMessage());
            return;
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        System.out.print(output);
        if (p.exitValue() == NO_MOUNT || output.contains("unshare failed")) {
            fail("this test needs a small real filesystem: 'unshare -rm' and 'mount -t tmpfs' failed "
                    + "(user namespaces disabled? run as root or enable them):\n" + output);
        }
        assertThat(p.exitValue()).as("the child's checks failed:\n%s", output).isZero();
        assertThat(output).contains(Child.DONE);
    }

    /** Runs in the mount namespace, on the tmpfs: the scenario and its checks. */
    public static final class Child {

        static final String DONE = "disk-full scenario passed";
        private static final String USER = "alice@example.org";
        private static final Instant DATE = Instant.parse("2026-11-25T10:15:30Z");
        /** Bigger than the space left on the full disk, smaller than the space once freed. */
        private static final int BIG = 300_000;
        /** What the filler leaves free: room for the index's and folders' small writes, not for BIG. */
        private static final int LEFT_FREE = 64 * 1024;

        public static void main(String[] args) throws IOException {
            Path dataDir = Path.of(args[0]);
            Path inboxDir = dataDir.resolve("mail/example.org/alice");
            Path filler = dataDir.resolve("filler");
            byte[] big = TestMessages.ofSize("big", BIG);
            try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
                store.createAccount(USER);
                MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
                long first = store.append(inbox, TestMessages.stream(TestMessages.simple("first")), Flags.NONE, DATE)
                        .uid();

                fillDisk(filler);
                try {
                    store.append(inbox, TestMessages.stream(big), Flags.NONE, DATE);
                    throw new AssertionError("an append of " + BIG + " bytes into " + LEFT_FREE + " free bytes succeeded");
                } catch (StoreException e) {
                    check(e.reason() == StoreException.Reason.DISK_FULL, "reason " + e.reason() + ": " + e);
                    check(e.isTemporary(), "a full disk is a temporary failure");
                    check(e.getMessage().contains("disk is full"), "a clear message: " + e.getMessage());
                    System.out.println("append on a full disk: " + e.reason() + ": " + e.getMessage());
                }
                check(list(inboxDir.resolve("tmp")).isEmpty(), "tmp/ is empty: " + list(inboxDir.resolve("tmp")));
                check(list(inboxDir.resolve("cur")).size() == 1, "cur/ holds the first message only: "
                        + list(inboxDir.resolve("cur")));
                check(store.messages(inbox).stream().map(MessageRecord::uid).toList().equals(List.of(first)),
                        "the index holds the first message only: " + store.messages(inbox));

                Files.delete(filler);
                long next = store.append(inbox, TestMessages.stream(big), Flags.NONE, DATE).uid();
                check(next == first + 1, "the next append takes the next UID: " + next + " after " + first);
                try (InputStream in = store.content(inbox, next, 0, BIG * 2L)) {
                    check(Arrays.equals(in.readAllBytes(), big), "the message appended after freeing space is intact");
                }
            }
            try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
                MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
                check(store.messages(inbox).size() == 2, "both messages are there after a reopen: "
                        + store.messages(inbox));
            }
            System.out.println(DONE);
        }

        /** Writes until the disk is full, then gives back {@link #LEFT_FREE} bytes. */
        private static void fillDisk(Path filler) throws IOException {
            byte[] chunk = new byte[16 * 1024];
            try (OutputStream out = Files.newOutputStream(filler)) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // ENOSPC: the disk is full
            }
            try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.WRITE)) {
                ch.truncate(Math.max(0, ch.size() - LEFT_FREE));
            }
        }

        private static List<Path> list(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.toList();
            }
        }

        private static void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError("expected: " + what);
            }
        }
    }
}
