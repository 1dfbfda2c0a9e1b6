package org.facteur.mailbox.maildir;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * IMAP's modified UTF-7 (RFC 3501 5.1.3): the form of mailbox names on the wire and, as in
 * Courier and Dovecot's Maildir++, in folder directory names.
 */
public final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        return encode(name, "");
    }

    /**
     * Encodes {@code name}; characters in {@code alsoShift} are shifted into base64 even though
     * they are printable, which lets a name keep a character that a file layout reserves.
     */
    public static String encode(String name, String alsoShift) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e && alsoShift.indexOf(c) < 0) {
                out.append(c);
                i++;
            } else {
                int start = i;
                while (i < name.length() && !isDirect(name.charAt(i), alsoShift)) {
                    i++;
                }
                byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
                out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
            }
        }
        return out.toString();
    }

    private static boolean isDirect(char c, String alsoShift) {
        return c >= 0x20 && c <= 0x7e && alsoShift.indexOf(c) < 0;
    }

    /** Decodes a modified UTF-7 name; throws {@link IllegalArgumentException} if it is malformed. */
    public static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("not modified UTF-7: a character outside printable ASCII");
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = encoded.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("not modified UTF-7: '&' without its closing '-'");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                out.append(decodeShifted(encoded.substring(i + 1, end)));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String decodeShifted(String base64) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(base64.replace(',', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not modified UTF-7: bad base64 in a shifted run");
        }
        if (bytes.length % 2 != 0) {
            throw new IllegalArgumentException("not modified UTF-7: a shifted run of odd length");
        }
        try {
            String s = StandardCharsets.UTF_16BE.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            // RFC 3501: printable ASCII must not be shifted, except where we shift it ourselves.
            return s;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not modified UTF-7: invalid UTF-16 in a shifted run");
        }
    }
}
