package org.facteur.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Commits running at once share the queue directory's fsyncs: each must still be whole and durable. */
class ConcurrentCommitTest {

    @TempDir
    Path dir;

    private static Envelope envelope() {
        return new Envelope("", Instant.now(), "s", "127.0.0.1", "client.test", "a@elsewhere.test", 0, "", false, "",
                "", List.of(new Envelope.Recipient("b@example.test", "", "")),
                List.of(new Envelope.Delivery(0, Envelope.Kind.LOCAL, "b@example.test", 0)));
    }

    private static String commit(MailQueue queue, String text) {
        MailQueue.Spool spool = queue.newSpool();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try {
            spool.write(b, 0, b.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return spool.commit(envelope()).queueId();
    }

    @Test
    @Timeout(120)
    void everyConcurrentCommitIsFoundWholeByTheNextStart() throws Exception {
        MailQueue queue = new MailQueue(dir);
        Map<String, String> sent = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        // Odd threads send more than the journal takes: both protocols at once.
                        int length = thread * 100 + i + (thread % 2 == 1 ? CommitJournal.MAX_MESSAGE : 0);
                        String text = "Subject: " + thread + "/" + i + "\r\n\r\n" + "x".repeat(length) + "\r\n";
                        sent.put(commit(queue, text), text);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        queue.close();
        MailQueue reopened = new MailQueue(dir); // what a restart finds
        assertThat(reopened.ids()).hasSize(320).containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (Map.Entry<String, String> m : sent.entrySet()) {
            try (InputStream in = reopened.open(m.getKey())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(m.getValue());
            }
            assertThat(reopened.envelope(m.getKey()).size()).isEqualTo(m.getValue().length());
        }
        try (var tmp = Files.list(dir.resolve("queue").resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aCommitWhoseEnvelopeCannotBeWrittenLeavesNothing() throws Exception {
        MailQueue queue = new MailQueue(dir);
        MailQueue.Spool spool = queue.newSpool();
        // Larger than the journal takes: the file protocol.
        byte[] b = ("Subject: lost\r\n\r\n" + "body\r\n".repeat(CommitJournal.MAX_MESSAGE / 6)).getBytes(StandardCharsets.UTF_8);
        spool.write(b, 0, b.length);
        // The envelope's temporary file is in the way: its write fails while the message's fsync runs.
        Files.writeString(dir.resolve("queue").resolve("tmp").resolve(spool.id() + ".env"), "in the way");

        assertThatThrownBy(() -> spool.commit(envelope())).isInstanceOf(QueueException.class)
                .hasMessageContaining("cannot commit " + spool.id());
        assertThat(queue.contains(spool.id())).isFalse();
        assertThat(Files.exists(dir.resolve("queue").resolve(spool.id() + ".msg"))).isFalse();
        try (var tmp = Files.list(dir.resolve("queue").resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(commit(queue, "Subject: next\r\n\r\nbody\r\n")).isNotEqualTo(spool.id());
    }
}
