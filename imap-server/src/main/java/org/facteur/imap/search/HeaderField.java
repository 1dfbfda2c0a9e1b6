package org.facteur.imap.search;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * One header field as SEARCH compares it: the name as written, and the value unfolded, trimmed
 * and with RFC 2047 encoded words decoded (RFC 3501 6.4.4 compares the text after the colon).
 */
record HeaderField(String name, String value) {

    /**
     * The fields of a header block (RFC 5322 2.2), read to its end. A line that starts with a
     * blank continues the field before it (RFC 5322 2.2.3); a line without a colon is skipped.
     * Bytes are read as UTF-8 when valid (RFC 6532), else as ISO-8859-1, which loses nothing.
     */
    static List<HeaderField> read(InputStream header) {
        byte[] bytes;
        try (header) {
            bytes = header.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<HeaderField> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        int lineStart = 0;
        while (lineStart < bytes.length) {
            int lineEnd = lineStart;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == lineStart) {
                break; // the blank line that ends the header
            }
            boolean continuation = bytes[lineStart] == ' ' || bytes[lineStart] == '\t';
            if (!continuation) {
                add(fields, field.toByteArray());
                field.reset();
            }
            // Unfolding removes only the line break (RFC 5322 2.2.3); the blank after it stays.
            field.write(bytes, lineStart, contentEnd - lineStart);
            lineStart = lineEnd + 1;
        }
        add(fields, field.toByteArray());
        return fields;
    }

    private static void add(List<HeaderField> fields, byte[] field) {
        int colon = 0;
        while (colon < field.length && field[colon] != ':') {
            colon++;
        }
        if (colon == 0 || colon == field.length) {
            return;
        }
        String name = new String(field, 0, colon, StandardCharsets.ISO_8859_1).trim();
        String value = text(field, colon + 1, field.length - colon - 1).trim();
        fields.add(new HeaderField(name, decodeEncodedWords(value)));
    }

    /** RFC 2047 encoded words decoded; the text as it is when Mime4j cannot decode it. */
    static String decodeEncodedWords(String text) {
        if (text.indexOf("=?") < 0) {
            return text;
        }
        try {
            return DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT);
        } catch (RuntimeException undecodable) {
            return text;
        }
    }

    private static String text(byte[] bytes, int from, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, length))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
    }
}
