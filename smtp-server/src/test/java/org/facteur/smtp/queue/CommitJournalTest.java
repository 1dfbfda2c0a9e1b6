package org.facteur.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.facteur.files.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's commit journal: what a process killed at once (no clean stop: the logs are all
 * that holds most messages) leaves for the next start, and what a checkpoint writes out.
 */
class CommitJournalTest {

    private static final int HALTED = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void everyAcknowledgedMessageSurvivesAKillAndNoRemovedOneComesBack() throws Exception {
        Map<String, List<String>> said = runChild("kill", "-Dfacteur.queue.checkpoint_ms=3600000");
        List<String> acked = said.getOrDefault("ACK", List.of());
        assertThat(acked).hasSize(Child.THREADS * Child.PER_THREAD + 3);

        try (MailQueue queue = new MailQueue(dir)) {
            for (String line : acked) {
                String[] f = line.split(" ");
                String id = f[0];
                String name = f[1];
                assertThat(queue.contains(id)).as(name).isTrue();
                try (InputStream in = queue.open(id)) {
                    assertThat(in.readAllBytes()).as(name).isEqualTo(Child.message(name));
                }
                Envelope e = queue.envelope(id);
                assertThat(e.sender()).as(name).isEqualTo(name + "@elsewhere.test");
                assertThat(e.size()).as(name).isEqualTo(Child.message(name).length);
                assertThat(Files.exists(queue.directory().resolve(id + ".env"))).as("%s written out at start", name).isTrue();
            }
            String removed = said.get("REMOVED").get(0);
            assertThat(queue.contains(removed)).as("a removed message does not come back").isFalse();
            String updated = said.get("UPDATED").get(0);
            assertThat(queue.envelope(updated).deliveries()).as("the newer envelope of its files wins").isEmpty();
            assertThat(queue.ids()).hasSize(acked.size());
        }
        for (int i = 0; i < 2; i++) {
            try (RecordLog log = RecordLog.open(dir.resolve("queue/journal/commit-" + i + ".log"), 0)) {
                assertThat(log.readHeader().generation()).as("log %d cleared by the clean stop", i).isZero();
            }
        }
        try (MailQueue again = new MailQueue(dir)) {
            assertThat(again.ids()).hasSize(acked.size());
        }
    }

    @Test
    @Timeout(60)
    void checkpointsRecordAYoungMessageAgainAndWriteOutAnOldOne() throws Exception {
        Map<String, List<String>> said = runChild("checkpoints", "-Dfacteur.queue.checkpoint_ms=100",
                "-Dfacteur.queue.write_out_ms=2000");
        String carried = said.get("CARRIED").get(0);
        String written = said.get("WRITTEN").get(0).split(" ")[0];
        long writtenAfterMillis = Long.parseLong(said.get("WRITTEN").get(0).split(" ")[1]);
        assertThat(writtenAfterMillis).as("written out once older than write_out_ms").isBetween(2000L, 10_000L);
        try (MailQueue queue = new MailQueue(dir)) {
            try (InputStream in = queue.open(carried)) {
                assertThat(in.readAllBytes()).as("recorded again by each of several checkpoints, then the kill")
                        .isEqualTo(Child.message("carried"));
            }
            try (InputStream in = queue.open(written)) {
                assertThat(in.readAllBytes()).isEqualTo(Child.message("written"));
            }
            assertThat(queue.ids()).containsExactlyInAnyOrder(carried, written);
        }
    }

    @Test
    @Timeout(60)
    void aCheckpointThatCannotWriteOutLosesNothingWhileItFails() throws Exception {
        Map<String, List<String>> said = runChild("failing", "-Dfacteur.queue.checkpoint_ms=50",
                "-Dfacteur.queue.write_out_ms=0");
        // The child made tmp/ a file, so every write-out failed; a restart needs the directory.
        Path tmp = dir.resolve("queue/tmp");
        Files.delete(tmp);
        Files.createDirectory(tmp);
        List<String> acked = said.get("ACK");
        assertThat(acked).hasSize(3);
        try (MailQueue queue = new MailQueue(dir)) {
            for (String line : acked) {
                String[] f = line.split(" ");
                try (InputStream in = queue.open(f[0])) {
                    assertThat(in.readAllBytes()).as(f[1]).isEqualTo(Child.message(f[1]));
                }
            }
        }
    }

    private Map<String, List<String>> runChild(String scenario, String... properties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), scenario, dir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(HALTED);
        Map<String, List<String>> said = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ", 2);
            if (f.length == 2 && f[0].matches("ACK|REMOVED|UPDATED|CARRIED|WRITTEN")) {
                said.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
            }
        }
        return said;
    }

    /**
     * Scenario "kill": commits messages from several threads (one larger than the journal takes),
     * removes one, updates one. Scenario "checkpoints" (checkpoints every 100 ms, write-out after
     * 2 s): commits one message, sees it still unwritten after several checkpoints, then another
     * and waits until a checkpoint writes it out. Either way the JVM then halts, closing nothing.
     */
    public static final class Child {

        static final int THREADS = 8;
        static final int PER_THREAD = 25;

        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            MailQueue queue = new MailQueue(Path.of(args[1]));
            if (args[0].equals("checkpoints")) {
                checkpoints(queue, out);
            } else if (args[0].equals("failing")) {
                failing(queue, out);
            } else {
                kill(queue, out);
            }
            Runtime.getRuntime().halt(HALTED);
        }

        private static void checkpoints(MailQueue queue, PrintStream out) throws Exception {
            long start = System.nanoTime();
            String written = commit(queue, "written");
            Path env = queue.directory().resolve(written + ".env");
            while (!Files.exists(env) && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
                Thread.sleep(10);
            }
            out.println("WRITTEN " + written + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            // Halted while only the logs hold it, after several checkpoints cleared the log it was in.
            String carried = commit(queue, "carried");
            Thread.sleep(700);
            if (!Files.exists(queue.directory().resolve(carried + ".env"))) {
                out.println("CARRIED " + carried);
            }
        }

        /**
         * Every write-out fails (tmp/ is a file), so each checkpoint fails after its switch: the
         * messages' records must stay readable through the retries and the commits in between.
         */
        private static void failing(MailQueue queue, PrintStream out) throws Exception {
            Path tmp = queue.directory().resolve("tmp");
            Files.delete(tmp);
            Files.writeString(tmp, "not a directory");
            for (String name : List.of("first", "second", "third")) {
                out.println("ACK " + commit(queue, name) + " " + name);
                Thread.sleep(400); // several failed checkpoints
            }
        }

        private static void kill(MailQueue queue, PrintStream out) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        String name = "m" + thread + "x" + i;
                        out.println("ACK " + commit(queue, name) + " " + name);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            String large = "large" + "z".repeat(CommitJournal.MAX_MESSAGE);
            out.println("ACK " + commit(queue, large) + " " + large);

            String removed = commit(queue, "removed");
            queue.remove(removed);
            // This commit's flush makes the removal's record durable.
            out.println("ACK " + commit(queue, "after") + " after");
            out.println("REMOVED " + removed);

            String updated = commit(queue, "updated");
            queue.update(queue.envelope(updated).withDeliveries(List.of()));
            out.println("ACK " + updated + " updated");
            out.println("UPDATED " + updated);
        }

        static String commit(MailQueue queue, String name) throws IOException {
            MailQueue.Spool spool = queue.newSpool();
            byte[] b = message(name);
            spool.write(b, 0, b.length);
            return spool.commit(envelope(name)).queueId();
        }

        static byte[] message(String name) {
            return ("Subject: " + name + "\r\n\r\n" + name + " body\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        private static Envelope envelope(String name) {
            return new Envelope("", Instant.parse("2026-11-26T08:00:00Z"), "s", "127.0.0.1", "client.test",
                    name + "@elsewhere.test", 0, "", false, "", "", List.of(new Envelope.Recipient("b@example.test", "", "")),
                    List.of(new Envelope.Delivery(0, Envelope.Kind.LOCAL, "b@example.test", 0)));
        }
    }
}
