package org.facteur.smtp.reception;

import org.facteur.mailbox.quota.StorageQuota;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * How an {@link SmtpServer} listens and what it allows.
 *
 * @param listen address and port to bind (port 0: any free port, see {@link SmtpServer#port()})
 * @param hostname our name in the greeting, EHLO and Received headers
 * @param maxMessageSize octets, advertised as SIZE (RFC 1870); 0 for no limit
 * @param tls the certificate for STARTTLS, or null for no STARTTLS
 * @param maxRecipients per message (RFC 5321 4.5.3.1.8 asks for at least 100)
 * @param maxConnections in total (0: no limit)
 * @param maxConnectionsPerIp per client IP (0: no limit)
 * @param maxErrors 4xx/5xx replies in one session before we answer 421 and close (0: no limit)
 * @param commandTimeout how long we wait for the next command (RFC 5321 4.5.3.2.7: at least 5 minutes)
 * @param dataTimeout how long we wait for more data inside DATA or a BDAT chunk (the client's data
 *        block timeout of RFC 5321 4.5.3.2.5 is 3 minutes; we wait as long)
 * @param ioThreads Netty I/O threads; 0: Netty's default (2 per core). No handler blocks on the disk
 *        (the queue commit runs on {@link Committer} threads), so few are needed.
 * @param commitThreads threads committing messages to the queue (fsyncs in flight at once)
 * @param role what the listener is for: MX reception or submission (AUTH required)
 * @param authThreads threads checking passwords (a slow hash: CPU-bound) for the submission roles
 * @param quota the storage quota RCPT checks local users against ({@code quota.storage})
 */
public record SmtpSettings(InetSocketAddress listen, String hostname, long maxMessageSize, SSLContext tls,
                           int maxRecipients, int maxConnections, int maxConnectionsPerIp, int maxErrors,
                           Duration commandTimeout, Duration dataTimeout, int ioThreads, int commitThreads,
                           SmtpRole role, int authThreads, StorageQuota quota) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 26_214_400;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final int DEFAULT_MAX_CONNECTIONS = 500;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 20;
    public static final int DEFAULT_MAX_ERRORS = 20;
    /** RFC 5321 4.5.3.2.7. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /** RFC 5321 4.5.3.2.5. */
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(3);
    /**
     * One commit in flight per session up to 64 (the benchmark's 50 sessions: README.md, session
     * 5): a commit is mostly a wait for the disk, and a session whose commit queues behind
     * others waits a whole group of fsyncs more. The threads are parked while idle.
     */
    public static final int DEFAULT_COMMIT_THREADS = 64;
    /** A password check is about 0.2 s of one core (PBKDF2, README "The directory"); more threads than cores gain nothing. */
    public static final int DEFAULT_AUTH_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    public SmtpSettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(quota, "quota");
        if (maxMessageSize < 0 || maxRecipients < 1 || maxConnections < 0 || maxConnectionsPerIp < 0
                || maxErrors < 0 || ioThreads < 0 || commitThreads < 1 || authThreads < 1) {
            throw new IllegalArgumentException("SMTP limits must be positive (0 for no limit where allowed)");
        }
        if (commandTimeout.toSeconds() < 1 || dataTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("SMTP timeouts must be at least one second");
        }
        if (role.authRequired() && tls == null) {
            // RFC 8314 3.3 / RFC 4954 4: passwords never travel in clear text.
            throw new IllegalArgumentException("a submission listener needs a TLS certificate");
        }
    }

    /** The defaults for an MX listener on {@code listen}; {@link Builder#role} makes it a submission listener. */
    public static Builder builder(InetSocketAddress listen, String hostname, SSLContext tls) {
        return new Builder(listen, hostname, tls);
    }

    /** Starts from the defaults; each setter replaces one. */
    public static final class Builder {
        private final InetSocketAddress listen;
        private final String hostname;
        private final SSLContext tls;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerIp = DEFAULT_MAX_CONNECTIONS_PER_IP;
        private int maxErrors = DEFAULT_MAX_ERRORS;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration dataTimeout = DEFAULT_DATA_TIMEOUT;
        private int ioThreads;
        private int commitThreads = DEFAULT_COMMIT_THREADS;
        private SmtpRole role = SmtpRole.MX;
        private int authThreads = DEFAULT_AUTH_THREADS;
        private StorageQuota quota = StorageQuota.NONE;

        private Builder(InetSocketAddress listen, String hostname, SSLContext tls) {
            this.listen = listen;
            this.hostname = hostname;
            this.tls = tls;
        }

        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        public Builder maxRecipients(int v) { maxRecipients = v; return this; }
        public Builder connectionLimits(int total, int perIp) { maxConnections = total; maxConnectionsPerIp = perIp; return this; }
        public Builder maxErrors(int v) { maxErrors = v; return this; }
        public Builder commandTimeout(Duration v) { commandTimeout = v; return this; }
        public Builder dataTimeout(Duration v) { dataTimeout = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder commitThreads(int v) { commitThreads = v; return this; }
        public Builder role(SmtpRole v) { role = v; return this; }
        public Builder authThreads(int v) { authThreads = v; return this; }
        public Builder quota(StorageQuota v) { quota = v; return this; }

        public SmtpSettings build() {
            return new SmtpSettings(listen, hostname, maxMessageSize, tls, maxRecipients, maxConnections,
                    maxConnectionsPerIp, maxErrors, commandTimeout, dataTimeout, ioThreads, commitThreads, role, authThreads, quota);
        }
    }
}
