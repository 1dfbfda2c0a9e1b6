package org.facteur.smtp.queue;

import java.time.Duration;
import java.util.List;

/**
 * {@code queue.retry} and {@code queue.max_age}: the delay before each new attempt of a delivery
 * that failed for now (the last delay repeats), and how long a message may wait before its
 * deliveries fail for good.
 */
public record RetrySchedule(List<Duration> delays, Duration maxAge) {

    /** Postfix-like defaults, as INTERFACE.md gives them. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4)), Duration.ofDays(5));

    public RetrySchedule {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("queue.retry needs at least one delay");
        }
        delays = List.copyOf(delays);
    }

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration after(int attempts) {
        return delays.get(Math.min(Math.max(attempts, 1), delays.size()) - 1);
    }
}
