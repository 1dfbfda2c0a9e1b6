package org.facteur.imap.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An IMAP URL in the relative form CATENATE takes for a message of the user's own mailboxes
 * (RFC 5092 7.2 "absolute-path", RFC 4469 5):
 * {@code /mailbox[;UIDVALIDITY=n]/;UID=n[/;SECTION=section][/;PARTIAL=origin[.length]]}.
 * Anything else (an absolute URL naming a server, a search, URLAUTH) is refused as BADURL.
 *
 * @param mailbox the mailbox name, percent-decoded (still modified UTF-7, as in a command)
 * @param uidValidity 0 when the URL gives none
 * @param section the section-spec, percent-decoded; empty for the whole message
 * @param partial "origin" or "origin.length", or null
 */
record ImapUrl(String text, String mailbox, long uidValidity, long uid, String section, String partial) {

    private static final String UID = "/;UID=";
    private static final String UIDVALIDITY = ";UIDVALIDITY=";
    private static final String SECTION = "/;SECTION=";
    private static final String PARTIAL = "/;PARTIAL=";

    static ImapUrl parse(String text) {
        if (!text.startsWith("/") || text.startsWith("//")) {
            throw bad(text, "only URLs relative to this server (\"/mailbox/;UID=n\") are accepted");
        }
        String upper = text.toUpperCase(Locale.ROOT);
        int uidAt = upper.indexOf(UID);
        if (uidAt < 1) {
            throw bad(text, uidAt < 0 ? "no UID" : "no mailbox");
        }
        String mailbox = text.substring(1, uidAt);
        long validity = 0;
        int validityAt = mailbox.toUpperCase(Locale.ROOT).indexOf(UIDVALIDITY);
        if (validityAt >= 0) {
            validity = number(text, mailbox.substring(validityAt + UIDVALIDITY.length()));
            mailbox = mailbox.substring(0, validityAt);
        }
        String rest = text.substring(uidAt + UID.length());
        String partial = null;
        int partialAt = rest.toUpperCase(Locale.ROOT).indexOf(PARTIAL);
        if (partialAt >= 0) {
            partial = rest.substring(partialAt + PARTIAL.length());
            if (!partial.matches("\\d{1,10}(\\.\\d{1,10})?")) {
                throw bad(text, "bad PARTIAL");
            }
            rest = rest.substring(0, partialAt);
        }
        String section = "";
        int sectionAt = rest.toUpperCase(Locale.ROOT).indexOf(SECTION);
        if (sectionAt >= 0) {
            section = decode(text, rest.substring(sectionAt + SECTION.length()));
            rest = rest.substring(0, sectionAt);
        }
        long uid = number(text, rest);
        if (mailbox.isEmpty() || uid == 0) {
            throw bad(text, "no mailbox or UID");
        }
        return new ImapUrl(text, decode(text, mailbox), validity, uid, section, partial);
    }

    private static long number(String url, String digits) {
        if (!digits.matches("[1-9]\\d{0,9}") || Long.parseLong(digits) > 0xFFFF_FFFFL) {
            throw bad(url, "bad number " + digits);
        }
        return Long.parseLong(digits);
    }

    /** RFC 3986 2.1 percent-encoding; '+' is itself, not a space. */
    private static String decode(String url, String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw bad(url, "bad percent-encoding");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x21 || c > 0x7e) {
                throw bad(url, "characters outside a URL");
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static CommandFailed bad(String url, String why) {
        // RFC 4469 6 / RFC 5530: the URL is echoed in the code, so it must not break the response line.
        String safe = url.replaceAll("[^\\x21-\\x7e]|\\]", "?");
        return new CommandFailed("[BADURL " + safe + "] " + why);
    }
}
