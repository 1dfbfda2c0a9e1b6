package org.facteur.directory;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

import org.facteur.text.Ascii;

/**
 * Validates a domain name and gives its canonical form: ASCII (IDNA "xn--" labels for Unicode
 * names), lowercase, without a trailing dot. Two spellings of one domain have one canonical form.
 */
final class DomainName {

    // RFC 5321 4.5.3.1.2: a domain is at most 255 octets.
    static final int MAX_LENGTH = 255;
    // RFC 1035 2.3.4: a label is at most 63 octets.
    private static final int MAX_LABEL_LENGTH = 63;
    // IDNA (RFC 3490 3.1) also separates labels with the ideographic and full-width full stops.
    private static final Pattern LABEL_SEPARATORS = Pattern.compile("[.\u3002\uFF0E\uFF61]");

    private DomainName() {
    }

    static String canonical(String name) {
        if (name == null || name.isBlank()) {
            throw new DirectoryException("The domain name is empty.");
        }
        // A fully qualified "example.test." names the same domain as "example.test".
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.startsWith("[")) {
            throw new DirectoryException("Address literals such as " + name + " are not supported as domains.");
        }
        String ascii = Ascii.isAscii(trimmed) ? trimmed.toLowerCase(Locale.ROOT) : toAscii(name, trimmed);
        if (ascii.length() > MAX_LENGTH) {
            throw new DirectoryException("The domain " + name + " is longer than " + MAX_LENGTH + " characters.");
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            checkLabel(name, label);
        }
        if (isDigits(labels[labels.length - 1])) {
            // RFC 3696 2: a top-level domain is never all-numeric; this is an IP address.
            throw new DirectoryException("The domain " + name + " looks like an IP address, not a domain name.");
        }
        return ascii;
    }

    /**
     * The IDNA ASCII form of a name with non-ASCII characters. An ASCII name needs none: IDNA
     * leaves it as it is (RFC 3490 4.1, step 3) and the label checks below cover what it checks,
     * so the common case costs no IDNA pass (one per address of every RCPT and delivery).
     */
    private static String toAscii(String name, String trimmed) {
        for (String label : LABEL_SEPARATORS.split(trimmed, -1)) {
            if (label.isEmpty()) {
                throw emptyLabel(name);
            }
        }
        try {
            // Without USE_STD3_ASCII_RULES, so that the checks below can name the problem.
            return IDN.toASCII(trimmed).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new DirectoryException("The domain " + name + " is not a valid domain name ("
                    + e.getMessage().toLowerCase(Locale.ROOT) + ").");
        }
    }

    private static boolean isDigits(String label) {
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) < '0' || label.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static DirectoryException emptyLabel(String name) {
        return new DirectoryException("The domain " + name + " has an empty label (two dots in a row, or a leading dot).");
    }

    /** RFC 1123 2.1 "LDH" labels: letters, digits and inner hyphens. */
    private static void checkLabel(String name, String label) {
        if (label.isEmpty()) {
            throw emptyLabel(name);
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            throw new DirectoryException("The domain " + name + " has a label too long (over " + MAX_LABEL_LENGTH + " characters).");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new DirectoryException("The domain " + name + " has a label that starts or ends with a hyphen.");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ldh = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ldh) {
                throw new DirectoryException("The domain " + name + " contains the character '" + c
                        + "', which is not allowed in a domain name.");
            }
        }
    }
}
