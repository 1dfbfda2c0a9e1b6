package org.facteur.directory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A mailbox address in canonical form: local part and domain both lowercase, domain in ASCII.
 * Facteur matches addresses case-insensitively, local part included (unlike the letter of
 * RFC 5321 2.4, like every mainstream server), so the canonical form is the lookup key.
 *
 * <p>Only the dot-atom form of the local part is accepted (RFC 5321 4.1.2 Dot-string), with
 * UTF-8 characters as RFC 6531 3.3 allows; quoted local parts are refused: no user needs one.
 */
record MailAddress(String localPart, String domain) {

    // RFC 5321 4.5.3.1.1.
    static final int MAX_LOCAL_PART_OCTETS = 64;
    // RFC 5321 4.5.3.1.3: a path is at most 256 octets including "<" and ">".
    static final int MAX_ADDRESS_OCTETS = 254;
    /** Separates a user from the detail in a sub-address: alice+lists@example.test. */
    static final char DETAIL_SEPARATOR = '+';

    /** Parses and canonicalises {@code address}, or explains in a {@link DirectoryException} why not. */
    static MailAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new DirectoryException("The address is empty.");
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            throw new DirectoryException("The address " + address + " has no @domain part.");
        }
        String local = address.substring(0, at).toLowerCase(Locale.ROOT);
        checkLocalPart(address, local);
        String domain = DomainName.canonical(address.substring(at + 1));
        MailAddress parsed = new MailAddress(local, domain);
        if (octets(parsed.toString()) > MAX_ADDRESS_OCTETS) {
            throw new DirectoryException("The address " + address + " is longer than " + MAX_ADDRESS_OCTETS + " octets.");
        }
        return parsed;
    }

    /** The address without its sub-address detail ({@code alice+x@d} gives {@code alice@d}), if it has one. */
    Optional<MailAddress> withoutDetail() {
        int plus = localPart.indexOf(DETAIL_SEPARATOR);
        if (plus <= 0) {
            return Optional.empty();
        }
        return Optional.of(new MailAddress(localPart.substring(0, plus), domain));
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }

    private static void checkLocalPart(String address, String local) {
        if (local.isEmpty()) {
            throw new DirectoryException("The address " + address + " has an empty local part (before the @).");
        }
        if (local.startsWith("\"")) {
            throw new DirectoryException("The address " + address + " has a quoted local part, which is not supported.");
        }
        if (octets(local) > MAX_LOCAL_PART_OCTETS) {
            throw new DirectoryException("The local part of " + address + " is longer than "
                    + MAX_LOCAL_PART_OCTETS + " octets.");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new DirectoryException("The local part of " + address
                    + " starts or ends with a dot or has two dots in a row.");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c != '.' && !isAtext(c)) {
                throw new DirectoryException("The local part of " + address + " contains "
                        + describe(c) + ", which is not allowed in an address.");
            }
        }
    }

    /** RFC 5322 3.2.3 atext, extended by RFC 6531 3.3 with any non-ASCII character. */
    private static boolean isAtext(char c) {
        if (c >= 0x80) {
            return !Character.isISOControl(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
        }
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c)) {
            return String.format("the control character U+%04X", (int) c);
        }
        return "the character '" + c + "'";
    }

    private static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
