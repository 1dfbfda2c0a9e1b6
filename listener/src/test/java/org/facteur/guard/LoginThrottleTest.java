package org.facteur.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(15),
            Duration.ofMinutes(1), now::get);

    @Test
    void delayDoublesPerFailureUpToTheCap() {
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(8));
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(15));
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.failed("10.0.0.1")).isEqualTo(Duration.ofSeconds(15));
        }
    }

    @Test
    void addressesAreCountedApart() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.failed("10.0.0.2")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.succeeded("10.0.0.3")).isZero();
    }

    @Test
    void successAfterFailuresWaitsAsLongAsAFailureWould() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.succeeded("10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void failuresAreForgivenOverTimeAndNeverLockAnyone() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1");
        }
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(throttle.recentFailures("10.0.0.1")).isEqualTo(2);
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(throttle.recentFailures("10.0.0.1")).isZero();
        assertThat(throttle.succeeded("10.0.0.1")).isZero();
    }
}
