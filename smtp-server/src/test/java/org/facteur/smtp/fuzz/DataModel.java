package org.facteur.smtp.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * What the server must do with the octets a client sends after {@code 354}, computed
 * independently of the server's code: the oracle of {@link SmtpDataFuzzTest}.
 *
 * @param end where the end-of-data line {@code .<CRLF>} starts, or -1 if there is none
 * @param refused whether the message must be refused with {@code 554 5.6.0}
 * @param message the octets to queue after dot-unstuffing (when not refused)
 */
record DataModel(int end, boolean refused, byte[] message) {

    static DataModel of(byte[] sent) {
        int end = end(sent);
        if (end < 0) {
            return new DataModel(-1, false, null);
        }
        byte[] text = Arrays.copyOf(sent, end);
        return new DataModel(end, hasBareLineEndOrNul(text), unstuffed(text));
    }

    /**
     * RFC 5321 4.1.1.4: the data ends at a line that is only a period, where a line starts at
     * the beginning of the data or after CRLF; a bare LF or bare CR starts no line (smuggling).
     */
    private static int end(byte[] s) {
        for (int i = 0; i + 3 <= s.length; i++) {
            boolean lineStart = i == 0 || i >= 2 && s[i - 2] == '\r' && s[i - 1] == '\n';
            if (lineStart && s[i] == '.' && s[i + 1] == '\r' && s[i + 2] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** facteur's policy (smtp-server README, "Smuggling policy"): LF without CR, CR without LF, NUL. */
    private static boolean hasBareLineEndOrNul(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (b == 0
                    || b == '\n' && (i == 0 || text[i - 1] != '\r')
                    || b == '\r' && (i + 1 == text.length || text[i + 1] != '\n')) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5321 4.5.2: a line's leading period is removed. */
    private static byte[] unstuffed(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
        for (int i = 0; i < text.length; i++) {
            boolean lineStart = i == 0 || text[i - 1] == '\n';
            if (!(lineStart && text[i] == '.')) {
                out.write(text[i]);
            }
        }
        return out.toByteArray();
    }
}
