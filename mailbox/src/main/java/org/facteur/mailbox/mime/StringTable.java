package org.facteur.mailbox.mime;

import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the summary format writes strings. Each string starts with a varint tag:
 * <ul>
 * <li>0: null;
 * <li>1: a back-reference, followed by a varint index into the literals written so far in this
 *     summary (envelope From and Sender, envelope and SEARCH subject, are often equal);
 * <li>2 to 1 + {@code DICTIONARY.size()}: an entry of {@link #DICTIONARY};
 * <li>above: a literal of {@code tag - 2 - DICTIONARY.size()} UTF-8 octets, which gets the next
 *     back-reference index.
 * </ul>
 * The dictionary belongs to the format version: entries may only be changed with a new version.
 */
final class StringTable {

    /** Format version 1. Append-only would still break old readers: change only with VERSION. */
    static final List<String> DICTIONARY = List.of(
            "text", "plain", "html", "multipart", "mixed", "alternative", "related", "message",
            "rfc822", "application", "octet-stream", "pdf", "image", "jpeg", "png", "gif",
            "charset", "us-ascii", "utf-8", "UTF-8", "iso-8859-1", "ISO-8859-1", "windows-1252",
            "boundary", "name", "filename", "7bit", "8bit", "base64", "quoted-printable", "binary",
            "attachment", "inline", "format", "flowed", "delsp", "yes", "no", "digest", "signed",
            "report", "protocol", "micalg", "type", "size", "creation-date", "modification-date",
            "delivery-status", "calendar", "method", "pgp-signature", "application/pgp-signature",
            "sha-256", "sha256", "pgp-sha256", "zip", "msword", "global", "reply-type", "original",
            "en", "en-US", "fr", "de");

    private static final int DICTIONARY_TAG = 2;
    private static final int LITERAL_TAG = DICTIONARY_TAG + DICTIONARY.size();
    private static final Map<String, Integer> DICTIONARY_INDEX = new HashMap<>();

    static {
        for (int i = 0; i < DICTIONARY.size(); i++) {
            DICTIONARY_INDEX.put(DICTIONARY.get(i), i);
        }
    }

    @FunctionalInterface
    interface NumberWriter {
        void write(long value) throws IOException;
    }

    @FunctionalInterface
    interface NumberReader {
        long read() throws IOException;
    }

    private StringTable() {
    }

    static final class Encoder {
        private final Map<String, Integer> literals = new HashMap<>();

        void write(String s, NumberWriter number, DataOutput out) throws IOException {
            if (s == null) {
                number.write(0);
                return;
            }
            Integer dictionary = DICTIONARY_INDEX.get(s);
            if (dictionary != null) {
                number.write(DICTIONARY_TAG + dictionary);
                return;
            }
            Integer previous = literals.get(s);
            if (previous != null) {
                number.write(1);
                number.write(previous);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            number.write(LITERAL_TAG + (long) bytes.length);
            out.write(bytes);
            literals.put(s, literals.size());
        }
    }

    static final class Decoder {
        private final List<String> literals = new ArrayList<>();

        String read(NumberReader number, DataInputStream in) throws IOException {
            long tag = number.read();
            if (tag == 0) {
                return null;
            }
            if (tag == 1) {
                long index = number.read();
                if (index >= literals.size()) {
                    throw new IllegalArgumentException("bad string back-reference " + index);
                }
                return literals.get((int) index);
            }
            if (tag < LITERAL_TAG) {
                return DICTIONARY.get((int) (tag - DICTIONARY_TAG));
            }
            long length = tag - LITERAL_TAG;
            if (length > in.available()) {
                throw new IllegalArgumentException("string longer than the data");
            }
            byte[] bytes = new byte[(int) length];
            in.readFully(bytes);
            String s = new String(bytes, StandardCharsets.UTF_8);
            literals.add(s);
            return s;
        }
    }
}
