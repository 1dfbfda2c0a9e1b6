package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.journal.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a power loss can do to messages made durable by the append journal, done by hand to the
 * files a killed store left (the journal was never checkpointed: the child holds checkpoints off),
 * and the next start mending it: a file with stale bytes under its name, a rename that did not
 * reach the disk, a file lost entirely, a short file, and files of appends never acknowledged.
 */
class JournalPowerLossTest {

    private static final String USER = "alice@example.org";
    private static final Instant DATE = Instant.parse("2026-11-26T06:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void theNextStartMendsWhatAPowerLossDidToJournaledMessages() throws Exception {
        Map<String, Long> acked = runChild();
        assertThat(acked).containsKeys("expunged", "moved", "m1", "m2", "m3", "m4", "m5");
        Path cur = dataDir.resolve("mail/example.org/alice/cur");
        Path m1 = fileOf(cur, acked.get("m1"));
        long generation = MaildirFileName.parse(m1.getFileName().toString()).journalGeneration();
        assertThat(generation).as("m1 was journaled").isPositive();

        // Stale blocks under a name whose data never reached the disk.
        Files.write(m1, new byte[(int) Files.size(m1)]);
        // A rename that was lost: the file is still in tmp/.
        Path m2 = fileOf(cur, acked.get("m2"));
        Files.move(m2, dataDir.resolve("mail/example.org/alice/tmp/" + m2.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        // m3 had \Seen set (a rename within cur/), then its data was lost: repaired under its new name.
        Path m3 = fileOf(cur, acked.get("m3"));
        assertThat(m3.getFileName().toString()).endsWith(":2,S");
        Files.write(m3, "garbage".repeat(20).getBytes(StandardCharsets.US_ASCII));
        // Gone entirely.
        Files.delete(fileOf(cur, acked.get("m4")));
        // A file cut short.
        Files.write(fileOf(cur, acked.get("m5")), new byte[0]);
        // Appends never acknowledged (no record): one complete, one with stale bytes.
        byte[] complete = "Subject: never acknowledged\r\n\r\nbut whole\r\n".getBytes(StandardCharsets.US_ASCII);
        int crc = JournalRecord.crcOf(complete, 0, complete.length);
        Files.write(cur.resolve(MaildirFileName.createJournaled("whole", complete.length, generation, crc, 900, "")
                .fileName()), complete);
        Files.write(cur.resolve(MaildirFileName.createJournaled("stale", complete.length, generation, crc, 901, "")
                .fileName()), new byte[complete.length]);

        // The index, which lags, could hide a resurrection (it remembers expunged UIDs): without
        // it, only the files and the journal decide.
        MaildirStore.deleteRecursively(dataDir.resolve("index"));

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            Recovery.Report report = store.lastRecovery();
            assertThat(report.restoredFromJournal()).as("m2 and m4 restored").isEqualTo(2);
            assertThat(report.repairedFromJournal()).as("m1, m3 and m5 rewritten").isEqualTo(3);
            assertThat(report.damagedDiscarded()).as("the stale unacknowledged file").isEqualTo(1);
            MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
            Map<Long, MessageRecord> byUid = new HashMap<>();
            store.messages(inbox).forEach(m -> byUid.put(m.uid(), m));
            assertThat(byUid).doesNotContainKey(acked.get("expunged")).doesNotContainKey(acked.get("moved"))
                    .containsKey(900L).doesNotContainKey(901L);
            MailboxId archive = store.mailbox(USER, "Archive").orElseThrow().id();
            List<MessageRecord> archived = store.messages(archive);
            assertThat(archived).hasSize(1);
            assertThat(read(store, archive, archived.get(0).uid())).isEqualTo(Child.message("moved"));
            for (String name : List.of("m1", "m2", "m3", "m4", "m5")) {
                long uid = acked.get(name);
                assertThat(byUid).containsKey(uid);
                assertThat(read(store, inbox, uid)).as(name).isEqualTo(Child.message(name));
            }
            assertThat(byUid.get(acked.get("m3")).flags().has(SystemFlag.SEEN)).isTrue();
            assertThat(read(store, inbox, 900)).isEqualTo(complete);
            assertThat(Files.getLastModifiedTime(fileOf(cur, acked.get("m4"))).toInstant()).isEqualTo(DATE);
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            Recovery.Report report = store.lastRecovery();
            assertThat(report.restoredFromJournal() + report.repairedFromJournal() + report.damagedDiscarded())
                    .as("the replayed journal was cleared").isZero();
            assertThat(store.messages(store.mailbox(USER, MailStore.INBOX).orElseThrow().id())).hasSize(6);
        }
    }

    private Map<String, Long> runChild() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfacteur.journal.checkpoint_ms=3600000", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(Child.HALTED);
        Map<String, Long> acked = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("ACK ")) {
                String[] f = line.trim().split(" ");
                acked.put(f[1], Long.parseLong(f[2]));
            }
        }
        return acked;
    }

    private static Path fileOf(Path cur, long uid) throws IOException {
        try (Stream<Path> files = Files.list(cur)) {
            return files.filter(f -> MaildirFileName.parse(f.getFileName().toString()).uid() == uid)
                    .findFirst().orElseThrow(() -> new AssertionError("no file for UID " + uid));
        }
    }

    private static byte[] read(MaildirStore store, MailboxId box, long uid) throws IOException {
        try (InputStream in = store.content(box, uid, 0, Long.MAX_VALUE)) {
            return in.readAllBytes();
        }
    }

    /** Appends, acknowledges each append on stdout, then dies without a checkpoint. */
    public static final class Child {

        static final int HALTED = 42;

        static byte[] message(String name) {
            return TestMessages.ofSize(name, 3000 + name.hashCode() % 1000);
        }

        public static void main(String[] args) {
            MaildirStore store = MaildirStore.openExclusive(Path.of(args[0]));
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
            // Appended and expunged: the expunge waits for a checkpoint, so no replay brings it back.
            long expunged = append(store, inbox, "expunged");
            store.remove(inbox, UidSet.of(expunged));
            System.out.println("ACK expunged " + expunged);
            // Moved away at once: the move waits for a checkpoint too, so the message is in one folder.
            long moved = append(store, inbox, "moved");
            store.move(inbox, UidSet.of(moved), store.mailbox(USER, "Archive").orElseThrow().id());
            System.out.println("ACK moved " + moved);
            for (String name : List.of("m1", "m2", "m3", "m4", "m5")) {
                System.out.println("ACK " + name + " " + append(store, inbox, name));
            }
            store.setFlags(inbox, UidSet.of(store.messages(inbox).get(2).uid()), FlagUpdate.ADD, Flags.of(SystemFlag.SEEN));
            System.out.flush();
            Runtime.getRuntime().halt(HALTED);
        }

        private static long append(MaildirStore store, MailboxId inbox, String name) {
            return store.append(inbox, TestMessages.stream(message(name)), Flags.NONE, DATE).uid();
        }
    }
}
