package org.facteur.directory;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and verifies user passwords with PBKDF2-HMAC-SHA256.
 *
 * <p>Why PBKDF2: it is in every JDK (no native library, nothing to install, nothing that breaks
 * on another CPU or libc), it is FIPS-approved (NIST SP 800-132), and OWASP's 2023 guidance puts
 * it at 600,000 iterations for SHA-256, which is our default. Argon2id or scrypt resist GPUs
 * better but need a native or third-party implementation; the stored format names the scheme so
 * another can be added later without breaking old hashes.
 *
 * <p>Stored format: {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>}, salt (16 random bytes)
 * and hash (32 bytes) in unpadded standard Base64. Because the iteration count is stored, it can
 * be raised later: old hashes still verify, and {@link #needsRehash} says when to re-hash one
 * after a successful login.
 *
 * <p>Each verification costs about a third of a second of CPU by design. Mail clients reconnect
 * often (Thunderbird keeps several IMAP connections and re-authenticates each), so successful
 * verifications are remembered in a small bounded {@link VerifiedPasswordCache}, keyed by a fast
 * keyed digest of (stored hash, password), like Dovecot's auth cache: this bounds the CPU cost of
 * legitimate reconnects. Guessing is not made cheaper, since failures are never cached; brute
 * force is handled by the protocol layers, which delay each failed login more.
 *
 * <p>Passwords are {@code char[]}; this class wipes the copies it makes. The caller owns, and
 * should wipe, the array it passes in.
 */
public final class PasswordHasher {

    /** OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    static final String SCHEME = "pbkdf2-sha256";
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    // A stored count above this is a corrupted row, not a hash worth minutes of CPU.
    private static final int MAX_STORED_ITERATIONS = 100_000_000;
    private static final int CACHE_ENTRIES = 4096;
    private static final Duration CACHE_TTL = Duration.ofHours(1);

    private final int iterations;
    private final VerifiedPasswordCache cache;
    private final SecureRandom random = new SecureRandom();

    /** The production hasher: {@value #DEFAULT_ITERATIONS} iterations. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /**
     * A hasher with another iteration count for new hashes: a higher one to strengthen them, a
     * lower one only in tests, where a full-cost hash per test user would be slow.
     */
    public PasswordHasher(int iterations) {
        this(iterations, new VerifiedPasswordCache(CACHE_ENTRIES, CACHE_TTL, System::nanoTime));
    }

    PasswordHasher(int iterations, VerifiedPasswordCache cache) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        this.iterations = iterations;
        this.cache = cache;
    }

    /** A new salted hash of {@code password}, in the stored format. */
    public String hash(char[] password) {
        if (password == null || password.length == 0) {
            throw new DirectoryException("The password is empty.");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new StoredHash(iterations, salt, pbkdf2(password, salt, iterations, HASH_BYTES)).format();
    }

    /**
     * Whether {@code password} matches {@code storedHash}. An empty password never matches, nor
     * does an unreadable stored hash.
     */
    public boolean verify(char[] password, String storedHash) {
        if (password == null || password.length == 0 || storedHash == null) {
            return false;
        }
        if (cache.contains(storedHash, password)) {
            return true;
        }
        Optional<StoredHash> stored = StoredHash.parse(storedHash);
        if (stored.isEmpty()) {
            return false;
        }
        StoredHash s = stored.get();
        byte[] computed = pbkdf2(password, s.salt, s.iterations, s.hash.length);
        // Constant time: the comparison does not stop at the first differing byte.
        boolean matches = MessageDigest.isEqual(computed, s.hash);
        if (matches) {
            cache.add(storedHash, password);
        }
        return matches;
    }

    /** Whether {@code storedHash} is weaker than what this hasher would produce now. */
    public boolean needsRehash(String storedHash) {
        return StoredHash.parse(storedHash).map(s -> s.iterations < iterations).orElse(true);
    }

    /** The iteration count {@code storedHash} was made with, if it is readable. */
    static Optional<Integer> iterationsOf(String storedHash) {
        return StoredHash.parse(storedHash).map(s -> s.iterations);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int lengthBytes) {
        // PBEKeySpec copies the password; clearPassword wipes that copy.
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, lengthBytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The parts of a stored hash string. */
    private static final class StoredHash {
        private static final String PREFIX = "$" + SCHEME + "$i=";

        final int iterations;
        final byte[] salt;
        final byte[] hash;

        StoredHash(int iterations, byte[] salt, byte[] hash) {
            this.iterations = iterations;
            this.salt = salt;
            this.hash = hash;
        }

        String format() {
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        }

        static Optional<StoredHash> parse(String stored) {
            if (stored == null || !stored.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                int iterations = Integer.parseInt(parts[0]);
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] hash = Base64.getDecoder().decode(parts[2]);
                if (iterations < 1 || iterations > MAX_STORED_ITERATIONS || salt.length == 0 || hash.length == 0) {
                    return Optional.empty();
                }
                return Optional.of(new StoredHash(iterations, salt, hash));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
