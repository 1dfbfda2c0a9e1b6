package org.facteur.smtp.reception;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.facteur.directory.Directory;
import org.facteur.guard.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AUTH attempt's verdict: the password is checked against the directory (the check IMAP
 * and POP3 use) on a thread of the auth {@link Committer}, never on the I/O thread (a slow hash);
 * the reply is held as the shared {@link LoginThrottle} says, then written.
 *
 * <p>The throttle counts failures per client address (shared with IMAP and POP3, INTERFACE.md)
 * and, here, per account too: a failed reply waits the longer of the two delays, so guessing one
 * account's password from many addresses is slowed as well. A successful reply waits as long
 * while either has failed lately, else a guesser could hang up on slow answers; so the owner of
 * an account under attack waits too (at most the throttle's cap), but is never locked out.
 */
final class LoginCheck {

    private static final Logger LOG = LoggerFactory.getLogger(LoginCheck.class);
    /** Failed AUTH on one connection before 421 and closing (Postfix counts them as errors; Dovecot closes too). */
    static final int MAX_FAILURES_PER_CONNECTION = 5;

    private final Directory directory;
    private final LoginThrottle throttle;
    private final Committer pool;
    private final ErrorLimit errorLimit;

    LoginCheck(Directory directory, LoginThrottle throttle, Committer pool, ErrorLimit errorLimit) {
        this.directory = directory;
        this.throttle = throttle;
        this.pool = pool;
        this.errorLimit = errorLimit;
    }

    private record Verdict(String user, boolean unavailable, Duration delay) {
    }

    /**
     * Checks the credentials and answers later (returns null), or answers now if the server is
     * stopping. Wipes the password.
     */
    Response attempt(SMTPSession session, String mechanism, Sasl.Credentials credentials) {
        String client = clientIp(session);
        boolean started = pool.commit(session, () -> verify(session, mechanism, credentials, client),
                Verdict::delay, verdict -> conclude(session, mechanism, credentials.login(), verdict));
        if (!started) {
            credentials.wipe();
            return Replies.AUTH_UNAVAILABLE;
        }
        return null;
    }

    /** On an auth thread. */
    private Verdict verify(SMTPSession session, String mechanism, Sasl.Credentials credentials, String client) {
        Optional<String> user;
        try {
            // RFC 4616 2: an authorization identity other than the login's own is not granted here.
            boolean ownIdentity = credentials.authzid().isEmpty()
                    || credentials.authzid().equalsIgnoreCase(credentials.login());
            user = ownIdentity ? directory.authenticate(credentials.login(), credentials.password()) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.error("smtp.auth_error session={} client={} mechanism={} error=\"{}\"", session.getSessionID(), client,
                    mechanism, e.getMessage(), e);
            return new Verdict(null, true, Duration.ZERO);
        } finally {
            credentials.wipe();
        }
        String account = accountKey(credentials.login());
        if (user.isPresent()) {
            return new Verdict(user.get(), false, longer(throttle.succeeded(client), throttle.succeeded(account)));
        }
        return new Verdict(null, false, longer(throttle.failed(client), throttle.failed(account)));
    }

    /** On the session's event loop, after the delay. */
    private Response conclude(SMTPSession session, String mechanism, String login, Verdict verdict) {
        SessionState state = SessionState.of(session);
        String client = clientIp(session);
        if (verdict.unavailable()) {
            return Replies.AUTH_UNAVAILABLE;
        }
        if (verdict.user() != null) {
            state.authUser = verdict.user();
            session.setRelayingAllowed(true); // RCPT to other domains (RecipientHook)
            try {
                session.setUsername(Username.of(verdict.user()));
            } catch (IllegalArgumentException e) {
                // James's Username refuses some valid addresses; facteur reads SessionState.authUser.
            }
            LOG.info("smtp.auth session={} client={} mechanism={} user={} result=ok delay_ms={}", session.getSessionID(),
                    client, mechanism, verdict.user(), verdict.delay().toMillis());
            return Replies.AUTH_OK;
        }
        state.authFailures++;
        LOG.info("smtp.auth session={} client={} mechanism={} user={} result=failed failures={} delay_ms={}",
                session.getSessionID(), client, mechanism, DataReceiver.sanitize(login), state.authFailures,
                verdict.delay().toMillis());
        if (state.authFailures >= MAX_FAILURES_PER_CONNECTION) {
            return Replies.tooManyAuthFailures();
        }
        return errorLimit.count(session) ? Replies.tooManyErrors() : Replies.AUTH_INVALID;
    }

    /** The throttle's key for an account: never an IP address, so the two kinds cannot collide. */
    static String accountKey(String login) {
        String l = login.strip().toLowerCase(Locale.ROOT);
        return "account:" + (l.length() > Sasl.MAX_FIELD ? l.substring(0, Sasl.MAX_FIELD) : l);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String clientIp(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
