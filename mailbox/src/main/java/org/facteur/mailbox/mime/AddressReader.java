package org.facteur.mailbox.mime;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
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
 * <p>Mime4j decodes RFC 2047 words in display names, but IMAP's ENVELOPE wants them raw. So the
 * {@code =} of every {@code =?} is hidden behind a control character the parser passes through
 * untouched, and put back afterwards: the parser then sees no encoded word to decode.
 */
final class AddressReader {

    /** Both forms of one field. */
    record Addresses(List<Address> envelope, List<MailAddress> decoded) {
        static final Addresses NONE = new Addresses(List.of(), List.of());
    }

    private static final byte HIDDEN_EQUALS = 0x01;

    private AddressReader() {
    }

    static Addresses read(byte[] raw) {
        if (raw == null) {
            return Addresses.NONE;
        }
        byte[] hidden = hideEncodedWords(raw);
        boolean restore = hidden != raw;
        AddressList list = LenientAddressParser.DEFAULT.parseAddressList(
                new ByteArrayBuffer(hidden, hidden.length, true), new ParserCursor(0, hidden.length));
        List<Address> envelope = new ArrayList<>();
        List<MailAddress> decoded = new ArrayList<>();
        for (org.apache.james.mime4j.dom.address.Address address : list) {
            if (address instanceof Group group) {
                // RFC 3501 7.4.2: group start marker, members, group end marker
                envelope.add(Address.groupStart(text(group.getName(), restore, Address.MISSING_MAILBOX)));
                for (Mailbox mailbox : group.getMailboxes()) {
                    add(mailbox, restore, envelope, decoded);
                }
                envelope.add(Address.groupEnd());
            } else if (address instanceof Mailbox mailbox) {
                add(mailbox, restore, envelope, decoded);
            }
        }
        return new Addresses(envelope, decoded);
    }

    private static void add(Mailbox mailbox, boolean restore, List<Address> envelope, List<MailAddress> decoded) {
        String name = text(mailbox.getName(), restore, null);
        String route = mailbox.getRoute() == null || mailbox.getRoute().isEmpty()
                ? null : text(mailbox.getRoute().toRouteString(), restore, null);
        String local = text(mailbox.getLocalPart(), restore, null);
        String domain = text(mailbox.getDomain(), restore, null);
        envelope.add(new Address(name, route,
                local == null ? Address.MISSING_MAILBOX : local,
                domain == null ? Address.MISSING_DOMAIN : domain));
        String displayName = name == null ? null : DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
        String address = local == null ? (domain == null ? "" : "@" + domain)
                : domain == null ? local : local + "@" + domain;
        decoded.add(new MailAddress(displayName, address));
    }

    /** Mime4j's strings carry bytes as ISO-8859-1 chars; empty parts count as missing. */
    private static String text(String latin1, boolean restore, String whenMissing) {
        if (latin1 == null) {
            return whenMissing;
        }
        String s = blanksTrimmed(latin1); // not String.trim(): it would eat the hidden '='
        if (s.isEmpty()) {
            return whenMissing;
        }
        if (restore) {
            s = s.replace((char) HIDDEN_EQUALS, '=');
        }
        return HeaderText.fromLatin1Chars(s);
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

    /** The same bytes with {@code =?} turned into {@code \1?}; the input itself when there is no need or no safe way. */
    private static byte[] hideEncodedWords(byte[] raw) {
        boolean found = false;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == HIDDEN_EQUALS) {
                return raw; // cannot hide safely: names then come out decoded, a harmless loss
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
}
