package org.facteur.imap.command;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;

/**
 * RFC 3501 6.2.2 AUTHENTICATE with the PLAIN mechanism (RFC 4616), the initial response on the
 * command line (SASL-IR, RFC 4959) or after a {@code +} continuation; {@code *} cancels.
 */
final class AuthenticateCommand implements CommandHandler {

    @Override
    public Set<SessionState> validIn() {
        return NOT_AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(1, 2);
        String mechanism = request.text(0).toUpperCase(Locale.ROOT);
        if (!mechanism.equals("PLAIN")) {
            return Reply.no("[CANNOT] unsupported mechanism " + mechanism);
        }
        if (!session.authenticationAllowed()) {
            return Reply.no("[PRIVACYREQUIRED] authentication is disabled before STARTTLS");
        }
        if (request.args().size() == 2) {
            // RFC 4959 3: "=" is an empty initial response.
            String initial = request.text(1);
            return plain(session, request.tag(), initial.equals("=") ? "" : initial);
        }
        session.writer().raw("+ \r\n");
        session.flush();
        session.takeNextLine(line -> {
            Reply reply;
            try {
                reply = line.equals("*") ? Reply.bad("authentication cancelled") // RFC 3501 6.2.2
                        : plain(session, request.tag(), line);
            } catch (BadCommandException e) {
                reply = Reply.bad(e.getMessage());
            }
            if (reply != Reply.LATER) {
                session.finish(request.tag(), reply, true);
            }
            session.resumeInput(false);
        });
        return Reply.LATER;
    }

    /** RFC 4616 2: [authzid] NUL authcid NUL passwd, UTF-8. */
    private static Reply plain(ImapSession session, String tag, String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BadCommandException("invalid base64 in the SASL response");
        }
        int first = indexOf(decoded, 0);
        int second = first < 0 ? -1 : indexOf(decoded, first + 1);
        if (second < 0 || indexOf(decoded, second + 1) >= 0) {
            Arrays.fill(decoded, (byte) 0);
            throw new BadCommandException("malformed PLAIN response");
        }
        String authzid = new String(decoded, 0, first, StandardCharsets.UTF_8);
        String authcid = new String(decoded, first + 1, second - first - 1, StandardCharsets.UTF_8);
        char[] password;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(decoded, second + 1, decoded.length - second - 1));
            password = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
        } catch (CharacterCodingException e) {
            throw new BadCommandException("the password is not UTF-8");
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid)) {
            Arrays.fill(password, '\0');
            return Reply.no("[AUTHORIZATIONFAILED] cannot act as another user"); // RFC 5530
        }
        return Authentication.check(session, tag, authcid, password);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
