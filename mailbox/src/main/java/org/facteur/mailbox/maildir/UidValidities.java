package org.facteur.mailbox.maildir;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out UIDVALIDITY values: the current time in seconds, strictly increasing within the
 * process, so a mailbox deleted and created again under the same name never gets the old value
 * (RFC 3501 2.3.1.1).
 */
final class UidValidities {

    private final AtomicLong last = new AtomicLong();

    long next() {
        long now = System.currentTimeMillis() / 1000;
        return last.updateAndGet(prev -> Math.max(prev + 1, now)) & 0xFFFF_FFFFL;
    }
}
