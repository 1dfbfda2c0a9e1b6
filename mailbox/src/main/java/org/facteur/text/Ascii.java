package org.facteur.text;

/**
 * Whether text is all ASCII: the test that decides, on every address and header, whether the
 * UTF-8 rules (SMTPUTF8, IDNA, RFC 2047 decoding) apply at all. A loop rather than
 * {@code chars().allMatch}: it runs for each MAIL and RCPT on the I/O threads.
 */
public final class Ascii {

    private Ascii() {
    }

    public static boolean isAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
