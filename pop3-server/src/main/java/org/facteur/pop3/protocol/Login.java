package org.facteur.pop3.protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.facteur.mailbox.StoreException;
import org.facteur.pop3.maildrop.StoreMaildrop;
import org.facteur.pop3.protocol.Pop3Dispatcher.DeferredReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login attempt, for PASS and AUTH PLAIN alike: checks the password on a worker thread,
 * holds the reply as the {@link org.facteur.guard.LoginThrottle} says, and on success
 * opens the maildrop and takes its message list (RFC 1939 8: the maildrop as it is at login).
 */
final class Login {

    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    private final Pop3Context context;
    private final Pop3Dispatcher dispatcher;

    Login(Pop3Context context, Pop3Dispatcher dispatcher) {
        this.context = context;
        this.dispatcher = dispatcher;
    }

    /** Answers later (returns null now); wipes {@code password}. */
    Response attempt(POP3Session session, String user, char[] password) {
        SessionState state = SessionState.of(session);
        return dispatcher.defer(session, () -> {
            Optional<String> canonical;
            try {
                canonical = context.authenticator().authenticate(user, password);
            } catch (RuntimeException e) {
                LOG.error("pop3.auth_error session={} client={}", session.getSessionID(), state.clientAddress, e);
                return new DeferredReply(Replies.err(Replies.SYS_TEMP, "Authentication unavailable, try again later"),
                        Duration.ZERO);
            } finally {
                Arrays.fill(password, '\0');
            }
            if (canonical.isEmpty()) {
                return failed(session, state, user);
            }
            Duration delay = context.throttle().succeeded(state.clientAddress);
            return new DeferredReply(open(session, state, canonical.get()), delay);
        });
    }

    private DeferredReply failed(POP3Session session, SessionState state, String user) {
        Duration delay = context.throttle().failed(state.clientAddress);
        state.authFailures++;
        LOG.info("pop3.auth_failed session={} client={} user={} failures={} delay_ms={}", session.getSessionID(),
                state.clientAddress, user, state.authFailures, delay.toMillis());
        if (state.authFailures >= context.settings().maxAuthFailures()) {
            return new DeferredReply(Replies.closing(POP3Response.ERR_RESPONSE,
                    Replies.AUTH + " Authentication failed, too many failures"), delay);
        }
        return new DeferredReply(Replies.err(Replies.AUTH, "Authentication failed"), delay);
    }

    private Response open(POP3Session session, SessionState state, String user) {
        StoreMaildrop maildrop;
        List<MessageMetaData> messages;
        try {
            maildrop = StoreMaildrop.open(context.store(), user);
            messages = maildrop.getMessages();
        } catch (StoreException | IOException e) {
            LOG.error("pop3.maildrop_error session={} user={}", session.getSessionID(), user, e);
            return Replies.err(Replies.SYS_TEMP, "Cannot open the maildrop, try again later");
        }
        session.setUserMailbox(maildrop);
        session.setAttachment(POP3Session.UID_LIST, messages, ProtocolSession.State.Transaction);
        session.setAttachment(POP3Session.DELETED_UID_LIST, new ArrayList<>(), ProtocolSession.State.Transaction);
        try {
            session.setUsername(Username.of(user));
        } catch (IllegalArgumentException e) {
            // James's Username refuses some valid addresses; facteur does not rely on it.
        }
        session.setHandlerState(POP3Session.TRANSACTION);
        long octets = messages.stream().mapToLong(MessageMetaData::getSize).sum();
        LOG.info("pop3.login session={} client={} user={} messages={}", session.getSessionID(), state.clientAddress,
                user, messages.size());
        return Replies.ok("Logged in, " + messages.size() + " messages (" + octets + " octets)");
    }
}
