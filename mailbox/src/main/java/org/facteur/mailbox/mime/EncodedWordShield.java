package org.facteur.mailbox.mime;

/**
 * Keeps Mime4j's field parsers from decoding RFC 2047 encoded words, where IMAP wants the text as
 * written (ENVELOPE names, BODYSTRUCTURE parameters). The {@code =} of every {@code =?} is
 * hidden behind a control character the parsers pass through untouched; {@link #reveal} puts it
 * back. The parsers then see no encoded word to decode.
 */
final class EncodedWordShield {

    private static final byte HIDDEN_EQUALS = 0x01;

    private EncodedWordShield() {
    }

    /**
     * The same bytes with {@code =?} turned into {@code \1?}; the input itself when nothing needs
     * hiding, or when it already holds that control character (then decoded text is the harmless
     * price).
     */
    static byte[] hide(byte[] raw) {
        boolean found = false;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == HIDDEN_EQUALS) {
                return raw;
            }
            if (raw[i] == '=' && i + 1 < raw.length && raw[i + 1] == '?') {
                found = true;
            }
        }
        if (!found) {
            return raw;
        }
        byte[] hidden = raw.clone();
        for (int i = 0; i + 1 < hidden.length; i++) {
            if (hidden[i] == '=' && hidden[i + 1] == '?') {
                hidden[i] = HIDDEN_EQUALS;
            }
        }
        return hidden;
    }

    /** Undoes {@link #hide} in a string the parser produced (null stays null). */
    static String reveal(String parsed) {
        return parsed == null ? null : parsed.replace((char) HIDDEN_EQUALS, '=');
    }
}
