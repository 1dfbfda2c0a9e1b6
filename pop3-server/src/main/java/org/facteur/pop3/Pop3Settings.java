package org.facteur.pop3;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;

/**
 * What a {@link Pop3Server} is built from. The distribution fills it from the configuration file
 * ({@code listen.pop3}, {@code listen.pop3s}, {@code pop3.allow_plaintext_auth}, {@code hostname})
 * and the TLS material; tests from {@link #builder()} with port 0. The login throttle and the
 * connection limits are not settings but objects shared with the process's other listeners
 * (see {@link Pop3Server}).
 *
 * @param hostname            named in the greeting
 * @param pop3                the STLS listener (RFC 2595 4), empty when off
 * @param pop3s               the implicit-TLS listener (RFC 8314 3.3), empty when off
 * @param sslContext          the server's certificate; needed for pop3s and for STLS on pop3
 * @param tlsProtocols        the protocol versions TLS may negotiate
 * @param allowPlaintextAuth  USER/PASS and AUTH before STLS on the pop3 listener
 * @param idleTimeout         a session idle this long is closed (RFC 1939 3: at least 10 minutes)
 * @param maxAuthFailures     failed logins after which a connection is closed
 * @param ioThreads           Netty I/O threads per listener; 0 means Netty's default (2 per core)
 * @param workerThreads       threads for password checks and QUIT's removals
 */
public record Pop3Settings(
        String hostname,
        Optional<InetSocketAddress> pop3,
        Optional<InetSocketAddress> pop3s,
        Optional<SSLContext> sslContext,
        List<String> tlsProtocols,
        boolean allowPlaintextAuth,
        Duration idleTimeout,
        int maxAuthFailures,
        int ioThreads,
        int workerThreads) {

    /** TLS 1.2 and 1.3 only (RFC 8996 retires the older ones). */
    public static final List<String> MODERN_TLS = List.of("TLSv1.3", "TLSv1.2");

    public Pop3Settings {
        Objects.requireNonNull(hostname, "hostname");
        tlsProtocols = List.copyOf(tlsProtocols);
        if (pop3s.isPresent() && sslContext.isEmpty()) {
            throw new IllegalArgumentException("listen.pop3s needs a TLS certificate");
        }
        if (idleTimeout.toSeconds() < 1 || maxAuthFailures < 1
                || workerThreads < 1 || ioThreads < 0) {
            throw new IllegalArgumentException("POP3 limits must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults a mail administrator expects; every listener off until set. */
    public static final class Builder {
        private String hostname = "localhost";
        private InetSocketAddress pop3;
        private InetSocketAddress pop3s;
        private SSLContext sslContext;
        private List<String> tlsProtocols = MODERN_TLS;
        private boolean allowPlaintextAuth;
        private Duration idleTimeout = Duration.ofMinutes(10); // RFC 1939 3
        private int maxAuthFailures = 5;
        private int ioThreads;
        private int workerThreads = 4;

        public Builder hostname(String v) { hostname = v; return this; }
        public Builder pop3(InetSocketAddress v) { pop3 = v; return this; }
        public Builder pop3s(InetSocketAddress v) { pop3s = v; return this; }
        public Builder sslContext(SSLContext v) { sslContext = v; return this; }
        public Builder tlsProtocols(List<String> v) { tlsProtocols = v; return this; }
        public Builder allowPlaintextAuth(boolean v) { allowPlaintextAuth = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxAuthFailures(int v) { maxAuthFailures = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder workerThreads(int v) { workerThreads = v; return this; }

        public Pop3Settings build() {
            return new Pop3Settings(hostname, Optional.ofNullable(pop3), Optional.ofNullable(pop3s),
                    Optional.ofNullable(sslContext), tlsProtocols, allowPlaintextAuth, idleTimeout, maxAuthFailures,
                    ioThreads, workerThreads);
        }
    }
}
