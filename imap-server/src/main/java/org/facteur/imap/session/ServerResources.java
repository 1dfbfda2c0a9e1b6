package org.facteur.imap.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.imap.Authenticator;
import org.facteur.imap.ImapSettings;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.quota.StorageQuota;

/** What every session of one server shares. */
public final class ServerResources {

    private final ImapSettings settings;
    private final MailStore store;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final ConnectionLimits limits;
    private final RecentTracker recent = new RecentTracker();
    private final Map<String, Integer> sessionsPerUser = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final StorageQuota quota;

    /** {@code throttle} and {@code limits} may be shared with the process's other listeners. */
    public ServerResources(ImapSettings settings, MailStore store, Authenticator authenticator,
                           LoginThrottle throttle, ConnectionLimits limits,
                           ExecutorService workers, ScheduledExecutorService timer) {
        this.settings = settings;
        this.store = store;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.limits = limits;
        this.workers = workers;
        this.timer = timer;
        this.quota = settings.quotaStorage() == 0 ? StorageQuota.NONE : new StorageQuota(store, settings.quotaStorage());
    }

    public ImapSettings settings() {
        return settings;
    }

    public MailStore store() {
        return store;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** The storage quota of every user (RFC 9208), {@link StorageQuota#NONE} without a limit. */
    public StorageQuota quota() {
        return quota;
    }

    public RecentTracker recent() {
        return recent;
    }

    public ExecutorService workers() {
        return workers;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Counts a logged-in session of {@code user}, or says no at the per-user limit. */
    public boolean acquireUserSession(String user) {
        boolean[] admitted = {false};
        sessionsPerUser.compute(user, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= settings.maxConnectionsPerUser()) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        return admitted[0];
    }

    public void releaseUserSession(String user) {
        sessionsPerUser.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
    }
}
