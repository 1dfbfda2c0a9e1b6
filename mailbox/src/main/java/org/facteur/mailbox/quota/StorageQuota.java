package org.facteur.mailbox.quota;

import java.util.Objects;
import java.util.OptionalLong;

import org.facteur.mailbox.MailStore;

/**
 * The storage quota (configuration key {@code quota.storage}): one limit in bytes on what each
 * user's messages take over all their mailboxes, checked by IMAP (APPEND, COPY: RFC 9208) and SMTP
 * (RCPT, local delivery). A limit of 0 means none. Checks read the store's running count
 * ({@link MailStore#storageUsed}); two deliveries checked at the same instant may both pass and
 * end slightly over the limit, as with Dovecot's quota: the next one is refused.
 */
public final class StorageQuota {

    /** No limit: every check passes. */
    public static final StorageQuota NONE = new StorageQuota(null, 0);

    private final MailStore store;
    private final long limit;

    /** @param limit bytes per user; 0 for none */
    public StorageQuota(MailStore store, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a quota cannot be negative: " + limit);
        }
        this.store = limit == 0 ? null : Objects.requireNonNull(store, "store");
        this.limit = limit;
    }

    /** Whether a limit is set at all. */
    public boolean limited() {
        return limit > 0;
    }

    /** The user's limit in bytes, 0 for none. */
    public long limit(String user) {
        return limit;
    }

    /** The bytes the user's messages take now. */
    public long used(String user) {
        return store == null ? 0 : store.storageUsed(user);
    }

    /** Whether {@code bytes} more would stay within the user's limit. */
    public boolean allows(String user, long bytes) {
        long max = limit(user);
        return max == 0 || bytes <= max - used(user);
    }

    /**
     * The bytes the user may still store, if known without a query; {@link Long#MAX_VALUE} when
     * there is no limit or the store has not counted the user yet (the later check decides).
     */
    public long roomIfKnown(String user) {
        long max = limit(user);
        if (max == 0) {
            return Long.MAX_VALUE;
        }
        OptionalLong used = store.storageUsedIfKnown(user);
        return used.isPresent() ? Math.max(0, max - used.getAsLong()) : Long.MAX_VALUE;
    }
}
