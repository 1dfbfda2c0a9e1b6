package org.facteur.imap.command;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.facteur.imap.session.ImapSession;

/**
 * The end both LOGIN and AUTHENTICATE share: check the password, then answer after the delay the
 * login throttle asks for (INTERFACE.md: a growing delay per client address, never a locked
 * account). While the reply waits, the session's later commands wait too.
 */
final class Authentication {

    private Authentication() {
    }

    /** Checks and answers; returns {@link Reply#LATER} when the answer is delayed. */
    static Reply check(ImapSession session, String tag, String user, char[] password) {
        Optional<String> canonical;
        try {
            canonical = session.resources().authenticator().authenticate(user, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        String address = session.remoteAddress();
        Duration delay;
        Reply reply;
        boolean hangUp = false;
        if (canonical.isPresent()) {
            delay = session.resources().throttle().succeeded(address);
            try {
                session.loggedIn(canonical.get());
                reply = Reply.ok("[CAPABILITY " + session.capabilities() + "] logged in");
            } catch (CommandFailed e) {
                reply = Reply.no(e.getMessage());
            }
        } else {
            delay = session.resources().throttle().failed(address);
            reply = Reply.no("[AUTHENTICATIONFAILED] authentication failed"); // RFC 5530
            hangUp = session.authenticationFailed() >= session.resources().settings().maxAuthFailures();
        }
        if (delay.isZero() && !hangUp) {
            return reply;
        }
        boolean close = hangUp;
        Reply delayed = reply;
        session.pauseCommands();
        session.resources().timer().schedule(() -> session.resumeWith(() -> {
            session.finish(tag, delayed, true);
            if (close) {
                session.writer().raw("* BYE too many failed logins\r\n");
                session.logout();
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
        return Reply.LATER;
    }
}
