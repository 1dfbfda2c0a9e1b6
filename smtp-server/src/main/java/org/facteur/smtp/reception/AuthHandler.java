package org.facteur.smtp.reception;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, on the submission listeners
 * only. Ours rather than James 3.8.1's {@code AuthCmdHandler}, which runs the password check on
 * the I/O thread, mis-splits PLAIN ({@link Sasl}) and offers AUTH before TLS unless told.
 *
 * <p>The exchange: {@code AUTH PLAIN [initial-response]} (without one, {@code 334 } and the
 * response on the next line); {@code AUTH LOGIN [user]} (then {@code 334} prompts for the user
 * name and the password, base64 "Username:" and "Password:" as every client expects). A line
 * {@code *} cancels ({@code 501 5.0.0}, RFC 4954 4). The check itself is {@link LoginCheck}'s.
 */
final class AuthHandler implements CommandHandler<SMTPSession>, EhloExtension, MailParametersHook {

    private static final String MECHANISMS = "PLAIN LOGIN";
    private static final Response PLAIN_READY = new SMTPResponse(Replies.CODE_AUTH_CONTINUE, "").immutable();
    private static final Response LOGIN_USER = new SMTPResponse(Replies.CODE_AUTH_CONTINUE, "VXNlcm5hbWU6").immutable();
    private static final Response LOGIN_PASSWORD = new SMTPResponse(Replies.CODE_AUTH_CONTINUE, "UGFzc3dvcmQ6").immutable();

    private final LoginCheck check;
    private final ErrorLimit errorLimit;

    AuthHandler(LoginCheck check, ErrorLimit errorLimit) {
        this.check = check;
        this.errorLimit = errorLimit;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }

    /** RFC 4954 3; RFC 3207 and RFC 8314: only once the connection is encrypted. */
    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return session.isTLSStarted() ? List.of("AUTH " + MECHANISMS) : List.of();
    }

    /** RFC 4954 5: the AUTH parameter of MAIL is accepted and ignored (we do not relay identities). */
    @Override
    public String[] getMailParamNames() {
        return new String[] {"AUTH"};
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        return HookResult.DECLINED;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (!session.isTLSStarted()) {
            return Replies.AUTH_STARTTLS_FIRST;
        }
        if (SessionState.of(session).authUser != null) {
            return Replies.AUTH_ALREADY; // RFC 4954 4
        }
        // AUTH is an ESMTP extension (RFC 4954 3): after EHLO, not HELO. No transaction can be open
        // here (RFC 4954 4 forbids AUTH in one): MAIL needs AUTH first on these listeners.
        if (!"EHLO".equals(session.getAttachment(SMTPSession.CURRENT_HELO_MODE, ProtocolSession.State.Connection)
                .orElse(null))) {
            return Replies.AUTH_NEEDS_EHLO;
        }
        String argument = request.getArgument() == null ? "" : request.getArgument().strip();
        String[] words = argument.split(" ", -1);
        if (argument.isEmpty() || words.length > 2) {
            return Replies.AUTH_SYNTAX;
        }
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length == 2 ? words[1] : null;
        switch (mechanism) {
            case "PLAIN":
                if (initial == null) {
                    session.pushLineHandler(continuation(this::plain));
                    return PLAIN_READY;
                }
                return plain(session, initial);
            case "LOGIN":
                if (initial == null) {
                    session.pushLineHandler(continuation(this::loginName));
                    return LOGIN_USER;
                }
                return loginName(session, initial);
            default:
                return Replies.AUTH_UNKNOWN_MECHANISM;
        }
    }

    /** One client response of the exchange. */
    @FunctionalInterface
    private interface Step {
        Response on(SMTPSession session, String line);
    }

    /** Reads the next line as a response: pops itself first, then {@code *} cancels. */
    private LineHandler<SMTPSession> continuation(Step step) {
        return (session, bytes) -> {
            session.popLineHandler();
            String line = new String(bytes, StandardCharsets.US_ASCII).strip();
            if (line.equals("*")) {
                return counted(session, Replies.AUTH_CANCELED);
            }
            return counted(session, step.on(session, line));
        };
    }

    /**
     * Replies to a continuation line do not pass through the result handlers' error count
     * ({@link ErrorLimit} skips line handlers), so refusals are counted here.
     */
    private Response counted(SMTPSession session, Response response) {
        char c = response == null ? '2' : response.getRetCode().charAt(0);
        if ((c == '4' || c == '5') && errorLimit.count(session)) {
            return Replies.tooManyErrors();
        }
        return response;
    }

    private Response plain(SMTPSession session, String response) {
        byte[] decoded = Sasl.decode(response);
        if (decoded == null) {
            return Replies.AUTH_BAD_BASE64;
        }
        Sasl.Credentials credentials = Sasl.plain(decoded);
        if (credentials == null) {
            return Replies.AUTH_BAD_BASE64;
        }
        return check.attempt(session, "PLAIN", credentials);
    }

    private Response loginName(SMTPSession session, String response) {
        byte[] decoded = Sasl.decode(response);
        String login = decoded == null ? null : Sasl.loginName(decoded);
        if (login == null) {
            return Replies.AUTH_BAD_BASE64;
        }
        session.pushLineHandler(continuation((s, line) -> loginPassword(s, login, line)));
        return LOGIN_PASSWORD;
    }

    private Response loginPassword(SMTPSession session, String login, String response) {
        byte[] decoded = Sasl.decode(response);
        char[] password = decoded == null ? null : Sasl.loginPassword(decoded);
        if (password == null) {
            return Replies.AUTH_BAD_BASE64;
        }
        return check.attempt(session, "LOGIN", new Sasl.Credentials("", login, password));
    }
}
