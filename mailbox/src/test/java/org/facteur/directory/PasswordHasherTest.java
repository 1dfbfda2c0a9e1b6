package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final VerifiedPasswordCache cache = new VerifiedPasswordCache(16, Duration.ofHours(1), System::nanoTime);
    private final PasswordHasher fast = new PasswordHasher(1_000, cache);

    @Test
    void defaultHashIsSelfDescribingPbkdf2With600000Iterations() {
        String hash = new PasswordHasher().hash("correct horse".toCharArray());

        assertThat(hash).matches("\\$pbkdf2-sha256\\$i=600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        String[] parts = hash.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(32);
        assertThat(new PasswordHasher().verify("correct horse".toCharArray(), hash)).isTrue();
    }

    @Test
    void knownVectorVerifies() {
        // PBKDF2-HMAC-SHA256("password", "salt", 1 iteration, 32 bytes), computed independently
        // with Python's hashlib.pbkdf2_hmac: the stored format interoperates with other tools.
        String stored = "$pbkdf2-sha256$i=1$" + Base64.getEncoder().withoutPadding().encodeToString("salt".getBytes())
                + "$Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs";

        assertThat(fast.verify("password".toCharArray(), stored)).isTrue();
        assertThat(fast.verify("passwore".toCharArray(), stored)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(fast.hash("same".toCharArray())).isNotEqualTo(fast.hash("same".toCharArray()));
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        String hash = fast.hash("right".toCharArray());

        assertThat(fast.verify("wrong".toCharArray(), hash)).isFalse();
        assertThat(fast.verify("Right".toCharArray(), hash)).isFalse();
        assertThat(fast.verify(new char[0], hash)).isFalse();
        assertThat(fast.verify("right".toCharArray(), hash)).isTrue();
    }

    @Test
    void emptyPasswordIsRefused() {
        assertThatThrownBy(() -> fast.hash(new char[0]))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The password is empty.");
    }

    @Test
    void unreadableStoredHashNeverVerifies() {
        assertThat(fast.verify("x".toCharArray(), "plain text")).isFalse();
        assertThat(fast.verify("x".toCharArray(), "$pbkdf2-sha256$i=abc$AAAA$AAAA")).isFalse();
        assertThat(fast.verify("x".toCharArray(), "$pbkdf2-sha256$i=1$AAAA")).isFalse();
        assertThat(fast.verify("x".toCharArray(), "$pbkdf2-sha256$i=999999999$AAAA$AAAA")).isFalse();
    }

    @Test
    void onlySuccessfulVerificationsAreCached() {
        String hash = fast.hash("right".toCharArray());

        fast.verify("wrong".toCharArray(), hash);
        assertThat(cache.size()).isZero();

        fast.verify("right".toCharArray(), hash);
        assertThat(cache.contains(hash, "right".toCharArray())).isTrue();
    }

    @Test
    void cachedVerificationSkipsPbkdf2() {
        // An entry the hash itself would reject: only the cache can make it verify.
        String hash = fast.hash("right".toCharArray());
        cache.add(hash, "cached".toCharArray());

        assertThat(fast.verify("cached".toCharArray(), hash)).isTrue();
    }

    @Test
    void olderWeakerHashesStillVerifyAndAskForRehash() {
        String old = new PasswordHasher(500).hash("pw".toCharArray());

        assertThat(fast.verify("pw".toCharArray(), old)).isTrue();
        assertThat(fast.needsRehash(old)).isTrue();
        assertThat(fast.needsRehash(fast.hash("pw".toCharArray()))).isFalse();
        assertThat(PasswordHasher.iterationsOf(old)).contains(500);
    }
}
