package org.facteur.mailbox.index;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.SortKeys;

/**
 * {@link SortKeys} (all but the UID, which the row's key and the listing hold) as one byte
 * array: the {@code sort_keys} row's value (schema-4.sql) and, as read, what the store keeps in
 * memory per message, one small object instead of a dozen (a record, an Instant, strings,
 * lists). The layout: a flag byte (bit 0: a sent
 * date follows as 8 bytes), then subject, From, To, Cc and Message-ID each as a varint of length
 * + 1 (0 for null) and their UTF-8 bytes, then In-Reply-To and References each as a varint count
 * and that many length-prefixed ids, then the From and To display names (schema 5) like the
 * strings before.
 */
public final class SortKeyBytes {

    private static final int HAS_DATE = 1;

    private SortKeyBytes() {
    }

    public static byte[] encode(SortKeys keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(keys.sentDate() != null ? HAS_DATE : 0);
        if (keys.sentDate() != null) {
            long millis = keys.sentDate().toEpochMilli();
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (millis >>> shift));
            }
        }
        writeNullable(out, keys.subject());
        writeNullable(out, keys.fromMailbox());
        writeNullable(out, keys.toMailbox());
        writeNullable(out, keys.ccMailbox());
        writeNullable(out, keys.messageId());
        writeList(out, keys.inReplyTo());
        writeList(out, keys.references());
        writeNullable(out, keys.fromDisplay());
        writeNullable(out, keys.toDisplay());
        return out.toByteArray();
    }

    public static SortKeys decode(long uid, byte[] bytes) {
        Reader in = new Reader(bytes);
        Instant sentDate = null;
        if ((in.next() & HAS_DATE) != 0) {
            long millis = 0;
            for (int i = 0; i < 8; i++) {
                millis = (millis << 8) | in.next();
            }
            sentDate = Instant.ofEpochMilli(millis);
        }
        return new SortKeys(uid, sentDate, in.nullable(), in.nullable(), in.nullable(), in.nullable(), in.nullable(),
                in.list(), in.list(), in.nullable(), in.nullable());
    }

    private static void writeNullable(ByteArrayOutputStream out, String value) {
        if (value == null) {
            writeVarint(out, 0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, utf8.length + 1);
        out.writeBytes(utf8);
    }

    private static void writeList(ByteArrayOutputStream out, List<String> values) {
        writeVarint(out, values.size());
        for (String value : values) {
            writeNullable(out, value);
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7F) != 0) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int next() {
            return bytes[at++] & 0xFF;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = next();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        String nullable() {
            int length = varint() - 1;
            if (length < 0) {
                return null;
            }
            String value = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return value;
        }

        List<String> list() {
            int n = varint();
            if (n == 0) {
                return List.of();
            }
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(nullable());
            }
            return values;
        }
    }
}
