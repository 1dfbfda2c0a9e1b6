package org.facteur.smtp.reception;

/**
 * What an {@link SmtpServer} listener is for. The roles share one handler chain; they differ in
 * how TLS starts and whether a client must authenticate before it may send.
 */
public enum SmtpRole {
    /** Mail to our domains from other servers (RFC 5321): STARTTLS offered, no AUTH, no relaying. */
    MX(false, false),
    /**
     * Message submission (RFC 6409) on port 587: STARTTLS, then AUTH (RFC 4954) before MAIL;
     * an authenticated user may relay.
     */
    SUBMISSION(true, false),
    /** Message submission over implicit TLS (RFC 8314 3.3) on port 465: AUTH before MAIL. */
    SUBMISSIONS(true, true);

    private final boolean authRequired;
    private final boolean implicitTls;

    SmtpRole(boolean authRequired, boolean implicitTls) {
        this.authRequired = authRequired;
        this.implicitTls = implicitTls;
    }

    /** AUTH is offered (once TLS is up) and required before MAIL. */
    public boolean authRequired() {
        return authRequired;
    }

    /** TLS from the first byte rather than by STARTTLS. */
    public boolean implicitTls() {
        return implicitTls;
    }

    /** The name in log lines. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
