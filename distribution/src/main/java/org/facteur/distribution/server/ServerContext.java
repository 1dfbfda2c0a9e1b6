package org.facteur.distribution.server;

import java.time.Duration;

import org.facteur.directory.Directory;
import org.facteur.distribution.config.Config;
import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.quota.StorageQuota;
import org.facteur.tls.TlsMaterial;

/**
 * Everything {@code facteur serve} has opened, handed to each service it starts, and the guards
 * every listener of the process shares: one failed-login throttle (INTERFACE.md: a failed login
 * slows that client down "on every protocol", so a failure on 110 delays the next login on 995
 * or 993) and one set of connection limits.
 */
public record ServerContext(Config config, Directory directory, MailStore store, TlsMaterial tls,
                            LoginThrottle loginThrottle, ConnectionLimits connectionLimits) {

    /** 1 s after a first failure, doubling up to 15 s; one failure forgotten per quiet minute. */
    static final Duration LOGIN_DELAY_BASE = Duration.ofSeconds(1);
    static final Duration LOGIN_DELAY_CAP = Duration.ofSeconds(15);
    static final Duration LOGIN_FORGIVE_AFTER = Duration.ofMinutes(1);
    /** Connections at once over the listeners that share the limits, in total and per client address. */
    static final int MAX_CONNECTIONS = 1000;
    static final int MAX_CONNECTIONS_PER_ADDRESS = 20;

    /** A context with the process's own throttle and limits, at their defaults. */
    public ServerContext(Config config, Directory directory, MailStore store, TlsMaterial tls) {
        this(config, directory, store, tls,
                new LoginThrottle(LOGIN_DELAY_BASE, LOGIN_DELAY_CAP, LOGIN_FORGIVE_AFTER),
                new ConnectionLimits(MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS));
    }

    /** {@code quota.storage} over the store: what SMTP checks at RCPT and at local delivery. */
    public StorageQuota quota() {
        long limit = config.quotaStorage();
        return limit == 0 ? StorageQuota.NONE : new StorageQuota(store, limit);
    }
}
