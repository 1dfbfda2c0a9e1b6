package org.facteur.directory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a bounded number of entries and a bounded time, that a password matched a stored
 * hash, so that a mail client's many reconnections do not each cost a slow PBKDF2 computation.
 *
 * <p>An entry is keyed by HMAC-SHA256(process secret, stored hash, password): the cache holds
 * neither the password nor anything usable without this process's memory, and an entry can never
 * match once the stored hash changes (a new password gets a new salt), so a password change needs
 * no explicit invalidation. Only successes are cached: a wrong password always costs the full
 * computation, and the protocol layers slow down repeated failures.
 */
final class VerifiedPasswordCache {

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final SecretKeySpec secret;
    private final Map<ByteBuffer, Long> expiryByKey;

    VerifiedPasswordCache(int capacity, Duration ttl, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
        // Access order: the least recently used entry is the one dropped when full.
        this.expiryByKey = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
                return size() > VerifiedPasswordCache.this.capacity;
            }
        };
    }

    /** Whether {@code password} was recently verified against exactly this {@code storedHash}. */
    boolean contains(String storedHash, char[] password) {
        ByteBuffer key = key(storedHash, password);
        synchronized (expiryByKey) {
            Long expiry = expiryByKey.get(key);
            if (expiry == null) {
                return false;
            }
            if (nanoTime.getAsLong() - expiry >= 0) {
                expiryByKey.remove(key);
                return false;
            }
            return true;
        }
    }

    void add(String storedHash, char[] password) {
        ByteBuffer key = key(storedHash, password);
        long expiry = nanoTime.getAsLong() + ttlNanos;
        synchronized (expiryByKey) {
            expiryByKey.put(key, expiry);
        }
    }

    int size() {
        synchronized (expiryByKey) {
            return expiryByKey.size();
        }
    }

    private ByteBuffer key(String storedHash, char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] passwordBytes = new byte[encoded.remaining()];
        encoded.get(passwordBytes);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
            // The stored hash never contains NUL, so the boundary between the two parts is unambiguous.
            mac.update((byte) 0);
            mac.update(passwordBytes);
            return ByteBuffer.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }
}
