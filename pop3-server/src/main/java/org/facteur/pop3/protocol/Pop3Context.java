package org.facteur.pop3.protocol;

import java.util.concurrent.ExecutorService;

import org.apache.james.protocols.pop3.POP3Session;
import org.facteur.mailbox.MailStore;
import org.facteur.pop3.Authenticator;
import org.facteur.pop3.Pop3Settings;
import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;

/**
 * What the handlers of one listener share: the server-wide store, authenticator, throttle,
 * limits and threads, and whether this listener speaks TLS from the first byte.
 */
public record Pop3Context(
        Pop3Settings settings,
        boolean implicitTls,
        MailStore store,
        Authenticator authenticator,
        LoginThrottle throttle,
        ConnectionLimits limits,
        ExecutorService workers) {

    /** RFC 2595 2.3 / RFC 8314: credentials only over TLS unless the administrator allows otherwise. */
    boolean authAllowed(POP3Session session) {
        return implicitTls || session.isTLSStarted() || settings.allowPlaintextAuth();
    }
}
