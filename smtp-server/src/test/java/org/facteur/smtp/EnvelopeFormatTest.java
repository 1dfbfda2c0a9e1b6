package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeFormatTest {

    @TempDir
    Path dir;

    @Test
    void envelopeRoundTripsThroughTheQueueFiles() throws Exception {
        MailQueue queue = new MailQueue(dir);
        MailQueue.Spool spool = queue.newSpool();
        byte[] body = "Subject: x\r\n\r\ny\r\n".getBytes();
        spool.write(body, 0, body.length);
        Envelope in = new Envelope("ignored", Instant.parse("2026-11-25T12:00:00.123Z"), "s1", "::1",
                "odd helo % with spaces \u00e9", "", 0, "8BITMIME", true, "FULL", "ID+2B1",
                List.of(new Envelope.Recipient("bob@example.test", "", ""),
                        new Envelope.Recipient("fwd@example.test", "NEVER", "rfc822;fwd@example.test")),
                List.of(new Envelope.Delivery(0, Envelope.Kind.LOCAL, "bob@example.test", 0),
                        new Envelope.Delivery(1, Envelope.Kind.REMOTE, "carol@remote.test", 1)));
        Envelope committed = spool.commit(in);
        Envelope out = queue.envelope(committed.queueId());
        assertThat(out).isEqualTo(committed);
        assertThat(out.size()).isEqualTo(body.length);
        assertThat(out.helo()).isEqualTo("odd helo % with spaces \u00e9");
        assertThat(new MailQueue(dir).ids()).containsExactly(committed.queueId());
    }
}
