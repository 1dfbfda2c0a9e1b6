package org.facteur.guard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per client address (INTERFACE.md): each failed login of an
 * address doubles the delay before that address's next authentication reply, from
 * {@code base} up to {@code cap}; one failure is forgotten per {@code forgiveAfter} without
 * failures. Accounts are never locked, so an attacker cannot lock their owner out.
 *
 * <p>Once an address has failed, its successful logins wait as long as a failure would, so
 * that a client cannot tell a right guess by its quick answer and hang up on slow ones.
 */
public final class LoginThrottle {

    /** Beyond this many tracked addresses, forgotten entries are swept on each failure. */
    private static final int SWEEP_ABOVE = 10_000;

    private final long baseNanos;
    private final long capNanos;
    private final long forgiveNanos;
    private final LongSupplier clock;
    private final Map<String, Record> failures = new ConcurrentHashMap<>();

    private record Record(int count, long lastFailureNanos) {
    }

    public LoginThrottle(Duration base, Duration cap, Duration forgiveAfter) {
        this(base, cap, forgiveAfter, System::nanoTime);
    }

    LoginThrottle(Duration base, Duration cap, Duration forgiveAfter, LongSupplier clock) {
        if (base.isNegative() || cap.compareTo(base) < 0 || forgiveAfter.isNegative() || forgiveAfter.isZero()) {
            throw new IllegalArgumentException("need 0 <= base <= cap and forgiveAfter > 0");
        }
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
        this.forgiveNanos = forgiveAfter.toNanos();
        this.clock = clock;
    }

    /** Recent failures of an address, after forgiveness. */
    public int recentFailures(String address) {
        Record r = failures.get(address);
        return r == null ? 0 : effective(r, clock.getAsLong());
    }

    /** How long to hold the reply to a failed attempt; records the failure. */
    public Duration failed(String address) {
        long now = clock.getAsLong();
        Record r = failures.compute(address, (k, old) ->
                new Record(old == null ? 1 : effective(old, now) + 1, now));
        if (failures.size() > SWEEP_ABOVE) {
            failures.entrySet().removeIf(e -> effective(e.getValue(), now) == 0);
        }
        return delayFor(r.count());
    }

    /** How long to hold the reply to a successful attempt: zero unless the address failed lately. */
    public Duration succeeded(String address) {
        int recent = recentFailures(address);
        return recent == 0 ? Duration.ZERO : delayFor(recent + 1);
    }

    /** base, 2 base, 4 base... up to cap, for the n-th failure in a row. */
    Duration delayFor(int failureCount) {
        if (failureCount <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failureCount - 1, 40);
        long nanos = baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
        return Duration.ofNanos(nanos);
    }

    private int effective(Record r, long now) {
        long forgiven = Math.max(0, now - r.lastFailureNanos()) / forgiveNanos;
        return (int) Math.max(0, r.count() - forgiven);
    }
}
