package org.facteur.smtp.reception;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client's side of AUTH PLAIN and AUTH LOGIN, decoded. Strict where James 3.8.1's
 * {@code AuthCmdHandler} is not: it splits PLAIN with a {@code StringTokenizer}, which merges
 * empty fields, so {@code authzid NUL authcid NUL ""} and {@code NUL authcid NUL passwd} are
 * confused; it decodes the password into a {@code String} that is never wiped; and it does not
 * know RFC 4954's {@code =} (an empty initial response).
 */
final class Sasl {

    /** What a PLAIN message or a LOGIN exchange carries. {@link #wipe()} clears the password. */
    record Credentials(String authzid, String login, char[] password) {
        void wipe() {
            Arrays.fill(password, '\0');
        }
    }

    /** RFC 4616 2: each of authzid, authcid and passwd is at most 255 octets. */
    static final int MAX_FIELD = 255;

    private Sasl() {
    }

    /**
     * A client response line (RFC 4954 4: base64, or {@code =} for an empty response), without
     * its CRLF; null if it is not valid base64.
     */
    static byte[] decode(String line) {
        if (line.equals("=")) {
            return new byte[0];
        }
        if (line.isEmpty()) {
            return null; // RFC 4954 4: an empty response is sent as "=", an empty line is malformed
        }
        try {
            return Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * RFC 4616 2: {@code [authzid] NUL authcid NUL passwd}, UTF-8, exactly two NULs, authcid and
     * passwd not empty. Null if malformed. Wipes {@code message}.
     */
    static Credentials plain(byte[] message) {
        try {
            int first = indexOf(message, 0);
            int second = first < 0 ? -1 : indexOf(message, first + 1);
            if (second < 0 || indexOf(message, second + 1) >= 0) {
                return null;
            }
            int authzLength = first;
            int loginLength = second - first - 1;
            int passwordLength = message.length - second - 1;
            if (loginLength == 0 || passwordLength == 0 || authzLength > MAX_FIELD || loginLength > MAX_FIELD
                    || passwordLength > MAX_FIELD) {
                return null;
            }
            String authzid = utf8String(message, 0, authzLength);
            String login = utf8String(message, first + 1, loginLength);
            char[] password = utf8Chars(message, second + 1, passwordLength);
            if (authzid == null || login == null || password == null) {
                return null;
            }
            return new Credentials(authzid, login, password);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    /** A LOGIN user name: UTF-8, not empty, no NUL; null otherwise. */
    static String loginName(byte[] decoded) {
        if (decoded.length == 0 || decoded.length > MAX_FIELD || indexOf(decoded, 0) >= 0) {
            return null;
        }
        return utf8String(decoded, 0, decoded.length);
    }

    /** A LOGIN password: UTF-8, not empty, no NUL; null otherwise. Wipes {@code decoded}. */
    static char[] loginPassword(byte[] decoded) {
        try {
            if (decoded.length == 0 || decoded.length > MAX_FIELD || indexOf(decoded, 0) >= 0) {
                return null;
            }
            return utf8Chars(decoded, 0, decoded.length);
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8String(byte[] b, int offset, int length) {
        char[] chars = utf8Chars(b, offset, length);
        return chars == null ? null : new String(chars);
    }

    /** Strict UTF-8 (RFC 4616 2 asks for it); the decoder's buffer is wiped. */
    private static char[] utf8Chars(byte[] b, int offset, int length) {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, offset, length));
        } catch (CharacterCodingException e) {
            return null;
        }
        char[] out = new char[decoded.remaining()];
        decoded.get(out);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        return out;
    }
}
