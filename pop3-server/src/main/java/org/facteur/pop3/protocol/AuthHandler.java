package org.facteur.pop3.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;

/**
 * AUTH (RFC 5034) with the PLAIN mechanism (RFC 4616), with or without an initial response.
 * AUTH without a mechanism lists the mechanisms, as several servers and clients expect.
 */
final class AuthHandler implements CommandHandler<POP3Session> {

    private static final String PLAIN = "PLAIN";

    private final Pop3Context context;
    private final Login login;

    AuthHandler(Pop3Context context, Login login) {
        this.context = context;
        this.login = login;
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() == POP3Session.TRANSACTION) {
            return Replies.err("Already logged in");
        }
        if (!context.authAllowed(session)) {
            return Replies.err(Replies.AUTH, Replies.PLAINTEXT_REFUSED);
        }
        String argument = request.getArgument();
        if (argument == null) {
            return Replies.multiLine("Mechanisms follow", List.of(PLAIN));
        }
        String[] parts = argument.split(" ", 2);
        if (!parts[0].toUpperCase(Locale.ROOT).equals(PLAIN)) {
            return Replies.err("Unsupported authentication mechanism");
        }
        session.setHandlerState(POP3Session.AUTHENTICATION_READY);
        SessionState.of(session).pendingUser = null;
        if (parts.length == 1) {
            SessionState.of(session).continuation = this::response;
            return Replies.continuation();
        }
        // RFC 5034 4: "=" is an empty initial response.
        return plain(session, parts[1].equals("=") ? "" : parts[1]);
    }

    /** The client's line after "+ ". */
    private Response response(POP3Session session, String line) {
        if (line.equals("*")) {
            return Replies.err("AUTH cancelled"); // RFC 5034 4
        }
        return plain(session, line.strip());
    }

    private Response plain(POP3Session session, String base64) {
        byte[] message;
        try {
            message = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Replies.err("Invalid base64 in AUTH response");
        }
        // RFC 4616 2: [authzid] NUL authcid NUL passwd
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0 || indexOf(message, second + 1) >= 0) {
            Arrays.fill(message, (byte) 0);
            return Replies.err("Malformed PLAIN response");
        }
        String authzid = new String(message, 0, first, StandardCharsets.UTF_8);
        String authcid = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
        char[] password;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message, second + 1, message.length - second - 1));
            password = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
        } catch (CharacterCodingException e) {
            return Replies.err("Password is not UTF-8");
        } finally {
            Arrays.fill(message, (byte) 0);
        }
        if (authcid.isEmpty()) {
            Arrays.fill(password, '\0');
            return Replies.err(Replies.AUTH, "Authentication failed");
        }
        if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid)) {
            Arrays.fill(password, '\0');
            return Replies.err(Replies.AUTH, "Cannot act as another user");
        }
        return login.attempt(session, authcid, password);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("AUTH");
    }
}
