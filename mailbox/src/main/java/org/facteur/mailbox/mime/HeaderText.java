package org.facteur.mailbox.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.facteur.text.Ascii;

/**
 * Turns header bytes into Java strings without losing any: UTF-8 when the bytes are valid UTF-8
 * (RFC 6532 allows it in headers), otherwise ISO-8859-1, which maps each byte to one char.
 */
final class HeaderText {

    private HeaderText() {
    }

    static String text(byte[] bytes, int from, int length) {
        if (isAscii(bytes, from, length)) {
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, length));
            return decoded.toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
    }

    static String text(byte[] bytes) {
        return text(bytes, 0, bytes.length);
    }

    /**
     * Mime4j's field parsers read bytes as ISO-8859-1 chars; this turns such a string back into
     * bytes and reads them as {@link #text} does.
     */
    static String fromLatin1Chars(String latin1) {
        if (latin1 == null || Ascii.isAscii(latin1)) {
            return latin1;
        }
        return text(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A field value as IMAP wants it raw: unfolded already, blanks trimmed at both ends. */
    static String trimmed(byte[] value) {
        int from = 0;
        int to = value.length;
        while (from < to && isBlank(value[from])) {
            from++;
        }
        while (to > from && isBlank(value[to - 1])) {
            to--;
        }
        return text(value, from, to - from);
    }

    /** RFC 2047 encoded words decoded with Mime4j; the text unchanged if Mime4j gives up. */
    static String decodeEncodedWords(String s) {
        if (s == null) {
            return null;
        }
        try {
            return DecoderUtil.decodeEncodedWords(s, DecodeMonitor.SILENT);
        } catch (RuntimeException undecodable) {
            return s;
        }
    }

    /** The text with stray CR and LF (a bare CR survives unfolding) turned into spaces. */
    static String withoutLineBreaks(String s) {
        return s.indexOf('\r') < 0 && s.indexOf('\n') < 0 ? s : s.replace('\r', ' ').replace('\n', ' ');
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
