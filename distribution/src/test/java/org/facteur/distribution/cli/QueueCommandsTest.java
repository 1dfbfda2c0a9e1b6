package org.facteur.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.facteur.distribution.Main;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code facteur queue list|flush|remove} on a real queue directory. */
class QueueCommandsTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run queue(String... args) {
        CommandLine facteur = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        facteur.setOut(new PrintWriter(out, true));
        facteur.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "queue";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data";
        all[args.length + 2] = dir.toString();
        return new Run(facteur.execute(all), out.toString(), err.toString());
    }

    private String enqueue() throws Exception {
        // Closed as a server stops: the commands read the queue's files, which a running server
        // writes out for a message still queued within seconds (its journal holds it before).
        try (MailQueue queue = new MailQueue(dir)) {
            return enqueue(queue);
        }
    }

    private static String enqueue(MailQueue queue) throws Exception {
        MailQueue.Spool spool = queue.newSpool();
        byte[] body = "Subject: q\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        spool.write(body, 0, body.length);
        Instant next = Instant.now().plus(Duration.ofMinutes(14));
        return spool.commit(new Envelope("", Instant.now().minus(Duration.ofMinutes(90)), "t", "127.0.0.1", "c.test",
                "alice@example.test", 0, "", false, "", "",
                List.of(new Envelope.Recipient("bob@remote.test", "", ""), new Envelope.Recipient("carl@remote.test", "", "")),
                List.of(new Envelope.Delivery(0, Envelope.Kind.REMOTE, "bob@remote.test", 0),
                        new Envelope.Delivery(1, Envelope.Kind.REMOTE, "carl@remote.test", 1)),
                Map.of(0, new Envelope.Attempt(3, next, "4.2.1", "mx.remote.test", "smtp; 450 4.2.1 Mailbox busy"))))
                .queueId();
    }

    @Test
    void listShowsEachMessageAndPendingRecipient() throws Exception {
        assertThat(queue("list").out()).isEqualTo("The queue is empty.\n");
        String id = enqueue();

        Run run = queue("list");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith(id + "  " + "Subject: q\r\n\r\nhello\r\n".length() + " bytes  age 1h30m  from <alice@example.test>\n")
                .containsPattern("    bob@remote\\.test  remote, next attempt \\S+Z \\(in 1[34]m\\), 3 attempts"
                        + "  last error: smtp; 450 4\\.2\\.1 Mailbox busy \\(mx\\.remote\\.test\\)\n")
                .contains("    carl@remote.test  remote, next attempt now\n")
                .endsWith("1 message queued.\n");
    }

    @Test
    void removeDeletesTheMessageWithoutABounce() throws Exception {
        String id = enqueue();
        Run run = queue("remove", id);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("removed " + id + "\n");
        assertThat(Files.exists(dir.resolve("queue").resolve(id + ".env"))).isFalse();
        assertThat(Files.exists(dir.resolve("queue").resolve(id + ".msg"))).isFalse();

        Run again = queue("remove", id);
        assertThat(again.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err()).isEqualTo("facteur: There is no message " + id + " in the queue.\n");
        assertThat(queue("remove", "../../etc/passwd").exit()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void flushLeavesTheMarkerTheRunnerWatches() {
        Run run = queue("flush");
        assertThat(run.exit()).isZero();
        assertThat(Files.exists(dir.resolve("queue").resolve("flush"))).isTrue();
    }
}
