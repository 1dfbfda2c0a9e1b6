package org.facteur.mailbox.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects, line by line, the few header fields the summary needs; every other field is skipped
 * as it goes by, so a header of ten thousand Received lines costs nothing to keep.
 *
 * <p>Continuation lines are unfolded by joining them without their line ends (RFC 5322 2.2.3).
 * The first occurrence of a field wins. A kept value stops growing at {@link #MAX_VALUE} octets.
 */
final class HeaderCollector {

    static final int MAX_VALUE = 64 * 1024;

    private static final Set<String> WANTED = Set.of(
            "content-type", "content-transfer-encoding", "content-id", "content-description",
            "content-md5", "content-disposition", "content-language", "content-location",
            "date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc",
            "in-reply-to", "message-id", "references");

    private final Map<String, byte[]> fields = new HashMap<>();
    private String currentName;
    private ByteArrayOutputStream currentValue;

    /** Takes one physical header line, without its line end. */
    void line(byte[] bytes, int length) {
        if (length > 0 && (bytes[0] == ' ' || bytes[0] == '\t')) {
            if (currentValue != null) {
                append(bytes, 0, length);
            }
            return;
        }
        finishField();
        int colon = indexOf(bytes, length, (byte) ':');
        if (colon <= 0) {
            return; // not a field (RFC 5322 2.2 needs a name and a colon): ignore it
        }
        int nameEnd = colon;
        while (nameEnd > 0 && HeaderText.isBlank(bytes[nameEnd - 1])) {
            nameEnd--; // RFC 822 allowed blanks before the colon
        }
        String name = new String(bytes, 0, nameEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (WANTED.contains(name) && !fields.containsKey(name)) {
            currentName = name;
            currentValue = new ByteArrayOutputStream(Math.min(length, 256));
            append(bytes, colon + 1, length - colon - 1);
        }
    }

    private void append(byte[] bytes, int from, int length) {
        int room = Math.min(length, MAX_VALUE - currentValue.size());
        if (room > 0) {
            currentValue.write(bytes, from, room);
        }
    }

    private void finishField() {
        if (currentName != null) {
            fields.put(currentName, currentValue.toByteArray());
            currentName = null;
            currentValue = null;
        }
    }

    /** The unfolded value after the colon, as written, or null when the field is absent. */
    byte[] raw(String lowerCaseName) {
        finishField();
        return fields.get(lowerCaseName);
    }

    /** The value unfolded and trimmed, as IMAP reports raw fields; null when absent. */
    String trimmed(String lowerCaseName) {
        byte[] value = raw(lowerCaseName);
        return value == null ? null : HeaderText.trimmed(value);
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
