package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class VerifiedPasswordCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final VerifiedPasswordCache cache = new VerifiedPasswordCache(2, Duration.ofMinutes(60), now::get);

    @Test
    void remembersOnlyTheExactPairOfHashAndPassword() {
        cache.add("$hash1", "secret".toCharArray());

        assertThat(cache.contains("$hash1", "secret".toCharArray())).isTrue();
        assertThat(cache.contains("$hash1", "Secret".toCharArray())).isFalse();
        assertThat(cache.contains("$hash2", "secret".toCharArray())).isFalse();
    }

    @Test
    void theBoundaryBetweenHashAndPasswordIsUnambiguous() {
        cache.add("$hash", "1secret".toCharArray());

        assertThat(cache.contains("$hash1", "secret".toCharArray())).isFalse();
    }

    @Test
    void entriesExpire() {
        cache.add("$hash", "secret".toCharArray());
        now.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(cache.contains("$hash", "secret".toCharArray())).isTrue();

        now.addAndGet(Duration.ofMinutes(1).toNanos());

        assertThat(cache.contains("$hash", "secret".toCharArray())).isFalse();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedEntryMakesRoom() {
        cache.add("$a", "pw".toCharArray());
        cache.add("$b", "pw".toCharArray());
        cache.contains("$a", "pw".toCharArray());

        cache.add("$c", "pw".toCharArray());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.contains("$a", "pw".toCharArray())).isTrue();
        assertThat(cache.contains("$b", "pw".toCharArray())).isFalse();
        assertThat(cache.contains("$c", "pw".toCharArray())).isTrue();
    }
}
