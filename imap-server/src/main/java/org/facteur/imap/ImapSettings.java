package org.facteur.imap;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.facteur.tls.TlsMaterial;

/**
 * What an {@link ImapServer} is built from. The distribution fills it from the configuration
 * ({@code listen.imap}, {@code listen.imaps}, {@code imap.allow_plaintext_auth},
 * {@code message.max_size}, {@code quota.storage}, {@code hostname}) and the TLS material; tests from {@link #builder()}
 * with port 0.
 *
 * @param hostname              named in the greeting
 * @param imap                  the STARTTLS listener (RFC 3501 6.2.1), empty when off
 * @param imaps                 the implicit-TLS listener (RFC 8314 3.3), empty when off
 * @param tls                   certificate and policy (TLS 1.2+); needed for imaps and STARTTLS
 * @param allowPlaintextAuth    LOGIN and AUTHENTICATE before STARTTLS on the imap listener
 * @param idleTimeout           a session silent this long is closed (RFC 3501 5.4: at least 30 minutes)
 * @param maxConnections        concurrent connections over both listeners
 * @param maxConnectionsPerIp   concurrent connections of one client address
 * @param maxConnectionsPerUser concurrent logged-in sessions of one user
 * @param appendLimit           the largest message APPEND accepts (APPENDLIMIT, RFC 7889)
 * @param literalLimitBeforeLogin the largest literal before login
 * @param loginDelayBase        delay after a client address's first failed login; doubles per failure
 * @param loginDelayCap         the longest delay
 * @param loginForgiveAfter     one failure of an address is forgotten per this long without failures
 * @param maxAuthFailures       failed logins after which a connection is closed
 * @param ioThreads             Netty I/O threads; 0 means Netty's default
 * @param workerThreads         threads that run commands (store access, password checks)
 * @param spoolDirectory        where large literals (APPEND) are spooled
 * @param quotaStorage          bytes each user's messages may take (RFC 9208 STORAGE), 0 for no limit
 */
public record ImapSettings(
        String hostname,
        Optional<InetSocketAddress> imap,
        Optional<InetSocketAddress> imaps,
        Optional<TlsMaterial> tls,
        boolean allowPlaintextAuth,
        Duration idleTimeout,
        int maxConnections,
        int maxConnectionsPerIp,
        int maxConnectionsPerUser,
        long appendLimit,
        long literalLimitBeforeLogin,
        Duration loginDelayBase,
        Duration loginDelayCap,
        Duration loginForgiveAfter,
        int maxAuthFailures,
        int ioThreads,
        int workerThreads,
        Path spoolDirectory,
        long quotaStorage) {

    public ImapSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (imaps.isPresent() && tls.isEmpty()) {
            throw new IllegalArgumentException("listen.imaps needs a TLS certificate");
        }
        if (idleTimeout.toSeconds() < 1 || maxConnections < 1 || maxConnectionsPerIp < 1
                || maxConnectionsPerUser < 1 || appendLimit < 1 || literalLimitBeforeLogin < 1
                || maxAuthFailures < 1 || workerThreads < 1 || ioThreads < 0 || quotaStorage < 0) {
            throw new IllegalArgumentException("IMAP limits must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults a mail administrator expects; every listener off until set. */
    public static final class Builder {
        private String hostname = "localhost";
        private InetSocketAddress imap;
        private InetSocketAddress imaps;
        private TlsMaterial tls;
        private boolean allowPlaintextAuth;
        private Duration idleTimeout = Duration.ofMinutes(30); // RFC 3501 5.4
        private int maxConnections = 2000;
        private int maxConnectionsPerIp = 50;
        private int maxConnectionsPerUser = 20;
        private long appendLimit = 26_214_400L; // message.max_size's default
        private long literalLimitBeforeLogin = 8 * 1024;
        private Duration loginDelayBase = Duration.ofSeconds(1);
        private Duration loginDelayCap = Duration.ofSeconds(15);
        private Duration loginForgiveAfter = Duration.ofMinutes(1);
        private int maxAuthFailures = 5;
        private int ioThreads;
        private int workerThreads = 8;
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private long quotaStorage;

        public Builder hostname(String v) { hostname = v; return this; }
        public Builder imap(InetSocketAddress v) { imap = v; return this; }
        public Builder imaps(InetSocketAddress v) { imaps = v; return this; }
        public Builder tls(TlsMaterial v) { tls = v; return this; }
        public Builder allowPlaintextAuth(boolean v) { allowPlaintextAuth = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxConnectionsPerIp(int v) { maxConnectionsPerIp = v; return this; }
        public Builder maxConnectionsPerUser(int v) { maxConnectionsPerUser = v; return this; }
        public Builder appendLimit(long v) { appendLimit = v; return this; }
        public Builder literalLimitBeforeLogin(long v) { literalLimitBeforeLogin = v; return this; }
        public Builder loginDelay(Duration base, Duration cap) { loginDelayBase = base; loginDelayCap = cap; return this; }
        public Builder loginForgiveAfter(Duration v) { loginForgiveAfter = v; return this; }
        public Builder maxAuthFailures(int v) { maxAuthFailures = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder workerThreads(int v) { workerThreads = v; return this; }
        public Builder spoolDirectory(Path v) { spoolDirectory = v; return this; }
        public Builder quotaStorage(long v) { quotaStorage = v; return this; }

        public ImapSettings build() {
            return new ImapSettings(hostname, Optional.ofNullable(imap), Optional.ofNullable(imaps),
                    Optional.ofNullable(tls), allowPlaintextAuth, idleTimeout, maxConnections, maxConnectionsPerIp,
                    maxConnectionsPerUser, appendLimit, literalLimitBeforeLogin, loginDelayBase, loginDelayCap,
                    loginForgiveAfter, maxAuthFailures, ioThreads, workerThreads, spoolDirectory, quotaStorage);
        }
    }
}
