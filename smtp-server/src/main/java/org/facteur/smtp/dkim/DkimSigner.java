package org.facteur.smtp.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/**
 * Signs outbound mail with the key of the domain it comes from (RFC 6376): the domain of the
 * From header field when we hold its key (what DMARC aligns with, RFC 7489 3.1), else that of
 * the envelope sender; no key, no signature. rsa-sha256, relaxed/relaxed canonicalization (it
 * survives the re-folding and whitespace changes of relays), over the header fields of RFC 6376
 * 5.4.1's list that the message has, with From listed once more than it occurs so that no From
 * can be added below the signature (5.4.2, "oversigning"). Our own Received field is not signed:
 * relays add theirs above it.
 */
public final class DkimSigner {

    /** RFC 6376 5.4.1: the fields that carry what the author wrote. */
    private static final List<String> SIGNED = List.of("from", "reply-to", "subject", "date", "to", "cc",
            "resent-date", "resent-from", "resent-to", "resent-cc", "in-reply-to", "references", "list-id",
            "list-help", "list-unsubscribe", "list-subscribe", "list-post", "list-owner", "list-archive",
            "message-id", "mime-version", "content-type", "content-transfer-encoding");
    /** Header sections longer than this are not signed (a real one is a few KB). */
    private static final int MAX_HEADER = 1 << 20;

    private final DkimKeys keys;
    private final Clock clock;

    public DkimSigner(DkimKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Opens the message's octets (CRLF line ends, not dot-stuffed), as often as needed. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * The {@code DKIM-Signature} field (ending with CRLF) to put in front of the message, or no
     * octets when none of its domains has a key here or the message cannot be signed.
     *
     * @param sender the envelope sender, empty for {@code <>}
     */
    public byte[] signature(String sender, Source message) throws IOException {
        byte[] header;
        try (InputStream in = message.open()) {
            header = headerSection(in);
        }
        if (header == null) {
            return new byte[0];
        }
        List<String[]> fields = fields(header);
        Optional<String> domain = signingDomain(fields, sender);
        if (domain.isEmpty()) {
            return new byte[0];
        }
        PrivateKey key = keys.privateKey(domain.get()).orElseThrow();
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain.get() + "; s=" + DkimKeys.SELECTOR
                + "; t=" + clock.instant().getEpochSecond() + "; h=" + String.join(":", signedNames(fields))
                + "; bh=; b=;";
        try (InputStream in = message.open()) {
            return (new DKIMSigner(template, key).sign(in) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        } catch (FailException e) {
            throw new IOException("cannot sign the message: " + e.getMessage(), e);
        }
    }

    private Optional<String> signingDomain(List<String[]> fields, String sender) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String[] f : fields) {
            if (f[0].equals("from")) {
                fromDomain(f[1]).ifPresent(candidates::add);
                break;
            }
        }
        int at = sender.lastIndexOf('@');
        if (at > 0) {
            candidates.add(sender.substring(at + 1).toLowerCase(Locale.ROOT));
        }
        return candidates.stream().filter(d -> keys.privateKey(d).isPresent()).findFirst();
    }

    private static Optional<String> fromDomain(String value) {
        try {
            Mailbox author = DefaultAddressParser.DEFAULT.parseMailbox(value.trim());
            return Optional.ofNullable(author.getDomain()).map(d -> d.toLowerCase(Locale.ROOT));
        } catch (ParseException | IllegalArgumentException e) {
            return Optional.empty(); // a From with several authors or none: not signed by its domain
        }
    }

    private static List<String> signedNames(List<String[]> fields) {
        List<String> names = new ArrayList<>();
        for (String[] f : fields) {
            if (SIGNED.contains(f[0])) {
                names.add(f[0]);
            }
        }
        names.add("from");
        return names;
    }

    /** The header section up to (without) the empty line, or null if there is none within the limit. */
    private static byte[] headerSection(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int state = 0; // how much of CRLF CRLF has been seen
        for (int c = in.read(); c >= 0 && header.size() < MAX_HEADER; c = in.read()) {
            header.write(c);
            state = c == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : (c == '\r' ? 1 : 0);
            if (state == 4) {
                return header.toByteArray();
            }
        }
        return null;
    }

    /** Each field as {lower-case name, unfolded value}, in order. */
    private static List<String[]> fields(byte[] header) {
        String text = new String(header, StandardCharsets.ISO_8859_1).replaceAll("\r\n([ \t])", "$1");
        List<String[]> fields = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.add(new String[] {line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1)});
            }
        }
        return fields;
    }
}
