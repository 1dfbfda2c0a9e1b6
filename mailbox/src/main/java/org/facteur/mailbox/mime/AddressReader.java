package org.facteur.mailbox.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * Reads an address-list field (RFC 5322 3.4) with Mime4j's lenient parser, which never gives up
 * on malformed input, into both the raw IMAP form and the decoded SEARCH form.
 *
 * <p>Mime4j decodes RFC 2047 words in display names, but IMAP's ENVELOPE wants them raw: the
 * {@link EncodedWordShield} keeps them as written, and the SEARCH form decodes them afterwards.
 */
final class AddressReader {

    /** Both forms of one field. */
    record Addresses(List<Address> envelope, List<MailAddress> decoded) {
        static final Addresses NONE = new Addresses(List.of(), List.of());
    }

    private AddressReader() {
    }

    static Addresses read(byte[] raw) {
        if (raw == null) {
            return Addresses.NONE;
        }
        byte[] hidden = EncodedWordShield.hide(raw);
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(
                    new ByteArrayBuffer(hidden, hidden.length, true), new ParserCursor(0, hidden.length));
        } catch (RuntimeException unreadable) {
            return Addresses.NONE; // the lenient parser should not throw; if it does, lose the field only
        }
        List<Address> envelope = new ArrayList<>();
        List<MailAddress> decoded = new ArrayList<>();
        TrailingComment comments = new TrailingComment(new String(hidden, StandardCharsets.ISO_8859_1));
        for (org.apache.james.mime4j.dom.address.Address address : list) {
            if (address instanceof Group group) {
                // RFC 3501 7.4.2: group start marker, members, group end marker
                envelope.add(Address.groupStart(text(group.getName(), Address.MISSING_MAILBOX)));
                for (Mailbox mailbox : group.getMailboxes()) {
                    add(mailbox, comments, envelope, decoded);
                }
                envelope.add(Address.groupEnd());
            } else if (address instanceof Mailbox mailbox) {
                add(mailbox, comments, envelope, decoded);
            }
        }
        return new Addresses(envelope, decoded);
    }

    private static void add(Mailbox mailbox, TrailingComment comments, List<Address> envelope,
                            List<MailAddress> decoded) {
        String name = text(mailbox.getName(), null);
        if (name == null) {
            name = text(comments.after(mailbox.getAddress()), null);
        }
        String route = mailbox.getRoute() == null || mailbox.getRoute().isEmpty()
                ? null : text(mailbox.getRoute().toRouteString(), null);
        String local = text(mailbox.getLocalPart(), null);
        String domain = text(mailbox.getDomain(), null);
        envelope.add(new Address(name, route,
                local == null ? Address.MISSING_MAILBOX : local,
                domain == null ? Address.MISSING_DOMAIN : domain));
        String displayName = HeaderText.decodeEncodedWords(name);
        String address = local == null ? (domain == null ? "" : "@" + domain)
                : domain == null ? local : local + "@" + domain;
        decoded.add(new MailAddress(displayName, address));
    }

    /** Mime4j's strings carry bytes as ISO-8859-1 chars; empty parts count as missing. */
    private static String text(String latin1, String whenMissing) {
        if (latin1 == null) {
            return whenMissing;
        }
        String s = blanksTrimmed(latin1); // not String.trim(): it would eat the hidden '='
        if (s.isEmpty()) {
            return whenMissing;
        }
        return HeaderText.fromLatin1Chars(EncodedWordShield.reveal(s));
    }

    private static String blanksTrimmed(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
