package org.facteur.smtp.reception;

import java.net.InetSocketAddress;
import java.time.Duration;

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
 * @param maxErrors 4xx/5xx replies in one session before we answer 421 and close
 * @param idleTimeout a session silent this long is closed (RFC 5321 4.5.3.2.7: at least 5 minutes;
 *        the other timeouts of 4.5.3.2 are the client's)
 * @param ioThreads Netty I/O threads (our hooks run on them: James 3.8.1, JAMES-4023)
 */
public record SmtpSettings(InetSocketAddress listen, String hostname, long maxMessageSize, SSLContext tls,
                           int maxRecipients, int maxConnections, int maxConnectionsPerIp, int maxErrors,
                           Duration idleTimeout, int ioThreads) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 26_214_400;
    /**
     * Many more than cores: the queue commit (fsync) runs on the I/O thread in James 3.8.1, and
     * concurrent fsyncs let the file system commit them together.
     */
    public static final int DEFAULT_IO_THREADS = 32;

    /** The defaults for an MX listener on {@code listen}. */
    public static SmtpSettings defaults(InetSocketAddress listen, String hostname, SSLContext tls) {
        return new SmtpSettings(listen, hostname, DEFAULT_MAX_MESSAGE_SIZE, tls, 100, 500, 20, 20,
                Duration.ofMinutes(5), DEFAULT_IO_THREADS);
    }

    public SmtpSettings withMaxMessageSize(long size) {
        return new SmtpSettings(listen, hostname, size, tls, maxRecipients, maxConnections, maxConnectionsPerIp,
                maxErrors, idleTimeout, ioThreads);
    }

    public SmtpSettings withConnectionLimits(int total, int perIp) {
        return new SmtpSettings(listen, hostname, maxMessageSize, tls, maxRecipients, total, perIp, maxErrors,
                idleTimeout, ioThreads);
    }

    public SmtpSettings withIdleTimeout(Duration timeout) {
        return new SmtpSettings(listen, hostname, maxMessageSize, tls, maxRecipients, maxConnections,
                maxConnectionsPerIp, maxErrors, timeout, ioThreads);
    }

    public SmtpSettings withMaxErrors(int errors) {
        return new SmtpSettings(listen, hostname, maxMessageSize, tls, maxRecipients, maxConnections,
                maxConnectionsPerIp, errors, idleTimeout, ioThreads);
    }
}
