package org.facteur.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The retry state of each delivery is kept in the envelope file, so it survives restarts. */
class EnvelopeAttemptsTest {

    @Test
    void attemptsRoundTripThroughTheEnvelopeFile() {
        Envelope e = new Envelope("Q1", Instant.parse("2026-11-25T12:00:00Z"), "s", "127.0.0.1", "h", "a@example.test", 10,
                "", false, "", "", List.of(new Envelope.Recipient("b@remote.test", "", "")),
                List.of(new Envelope.Delivery(0, Envelope.Kind.REMOTE, "b@remote.test", 0),
                        new Envelope.Delivery(1, Envelope.Kind.FAILED, "c@remote.test", 0)),
                Map.of(0, new Envelope.Attempt(2, Instant.parse("2026-11-25T12:20:00Z"), "4.2.1", "mx.remote.test",
                        "smtp; 450 4.2.1 Mailbox busy, 100% full"),
                        1, new Envelope.Attempt(1, Instant.EPOCH, "5.1.1", "", "smtp; 550 5.1.1 No\u00e9 user")));

        byte[] file = EnvelopeFormat.write(e);

        assertThat(new String(file, StandardCharsets.UTF_8))
                .contains("attempt 0 2 2026-11-25T12:20:00Z 4.2.1 mx.remote.test smtp;%20450%204.2.1%20Mailbox%20busy,%20100%25%20full\n");
        assertThat(EnvelopeFormat.read(file)).isEqualTo(e);
    }

    @Test
    void droppedDeliveriesLoseTheirAttempts() {
        Envelope e = new Envelope("Q1", Instant.now(), "s", "", "", "", 1, "", false, "", "", List.of(),
                List.of(new Envelope.Delivery(0, Envelope.Kind.REMOTE, "b@remote.test", 0)),
                Map.of(0, new Envelope.Attempt(1, Instant.EPOCH, "4.0.0", "", "x")));
        assertThat(e.withDeliveries(List.of()).attempts()).isEmpty();
    }

    @Test
    void theLastRetryDelayRepeats() {
        RetrySchedule s = new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)), Duration.ofDays(5));
        assertThat(List.of(s.after(1), s.after(2), s.after(3), s.after(9)))
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5));
    }
}
