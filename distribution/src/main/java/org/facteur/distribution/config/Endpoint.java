package org.facteur.distribution.config;

import java.util.Locale;

/**
 * The network services facteur can listen for, each with its {@code listen.*} key, its standard
 * port and the unprivileged port used when the process cannot bind ports below 1024.
 */
public enum Endpoint {
    /** MX reception (RFC 5321). */
    SMTP(25, 2525),
    /** Message submission with STARTTLS (RFC 6409). */
    SUBMISSION(587, 2587),
    /** Message submission over implicit TLS (RFC 8314). */
    SUBMISSIONS(465, 2465),
    IMAP(143, 2143),
    /** IMAP over implicit TLS (RFC 8314). */
    IMAPS(993, 2993),
    POP3(110, 2110),
    /** POP3 over implicit TLS (RFC 8314). */
    POP3S(995, 2995);

    private final int standardPort;
    private final int unprivilegedPort;

    Endpoint(int standardPort, int unprivilegedPort) {
        this.standardPort = standardPort;
        this.unprivilegedPort = unprivilegedPort;
    }

    /** The name users see: {@code smtp}, {@code imaps}... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String key() {
        return "listen." + label();
    }

    public int standardPort() {
        return standardPort;
    }

    public int unprivilegedPort() {
        return unprivilegedPort;
    }
}
