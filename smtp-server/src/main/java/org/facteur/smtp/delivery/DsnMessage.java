package org.facteur.smtp.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.facteur.smtp.queue.Envelope;

/**
 * A delivery status notification (RFC 3464): a {@code multipart/report;
 * report-type=delivery-status} (RFC 6522) with a human-readable part, the
 * {@code message/delivery-status} part (per-message fields, then per-recipient fields for each
 * failed recipient), and the original message's header ({@code text/rfc822-headers}, RET=HDRS,
 * the default) or the whole original ({@code message/rfc822}, RET=FULL, RFC 3461 4.3).
 */
final class DsnMessage {

    /** Past this size RET=FULL returns the header only, as Postfix does with its bounce size limit. */
    static final long FULL_RETURN_LIMIT = 10L << 20;
    /** The original header is cut here: a header this big is itself the problem. */
    private static final int MAX_HEADER = 256 * 1024;
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @FunctionalInterface
    interface Original {
        InputStream open() throws IOException;
    }

    private DsnMessage() {
    }

    static byte[] build(String hostname, Envelope e, List<Envelope.Delivery> failed, Original original, Instant now)
            throws IOException {
        String boundary = "dsn-" + e.queueId() + "-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        boolean full = "FULL".equalsIgnoreCase(e.dsnRet()) && e.size() <= FULL_RETURN_LIMIT;
        StringBuilder b = new StringBuilder(2048);
        // RFC 3464 2 / RFC 3834 5: an automatic reply, from the mailer daemon.
        b.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostname).append(">\r\n");
        b.append("To: <").append(e.sender()).append(">\r\n");
        b.append("Subject: Undelivered Mail Returned to Sender\r\n");
        b.append("Date: ").append(DATE.format(now)).append("\r\n");
        b.append("Message-ID: <").append(e.queueId()).append(".dsn.").append(now.toEpochMilli()).append('@')
                .append(hostname).append(">\r\n");
        b.append("Auto-Submitted: auto-replied\r\n");
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary)
                .append("\"\r\n\r\n");
        b.append("This is a MIME-encapsulated message.\r\n\r\n");

        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: Notification\r\n");
        b.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        b.append("This is the mail system at ").append(hostname).append(".\r\n\r\n");
        b.append("Your message could not be delivered to the following recipient")
                .append(failed.size() > 1 ? "s" : "").append(". It has been given up on.\r\n\r\n");
        for (Envelope.Delivery d : failed) {
            Envelope.Attempt a = attempt(e, d);
            b.append("<").append(d.target()).append(">: ").append(a.diagnostic()).append("\r\n");
        }
        b.append("\r\n");

        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: Delivery report\r\n");
        b.append("Content-Type: message/delivery-status\r\n\r\n");
        // RFC 3464 2.2: per-message fields.
        b.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
        if (!e.dsnEnvelopeId().isEmpty()) {
            b.append("Original-Envelope-Id: ").append(xtextDecode(e.dsnEnvelopeId())).append("\r\n");
        }
        b.append("Arrival-Date: ").append(DATE.format(e.received())).append("\r\n");
        for (Envelope.Delivery d : failed) {
            Envelope.Attempt a = attempt(e, d);
            // RFC 3464 2.3: per-recipient fields, a blank line before each group.
            b.append("\r\n");
            b.append("Final-Recipient: rfc822; ").append(d.target()).append("\r\n");
            originalRecipient(e, d).ifPresent(o -> b.append("Original-Recipient: ").append(o).append("\r\n"));
            b.append("Action: failed\r\n");
            b.append("Status: ").append(a.status()).append("\r\n");
            if (!a.remoteMta().isEmpty()) {
                b.append("Remote-MTA: dns; ").append(a.remoteMta()).append("\r\n");
            }
            b.append("Diagnostic-Code: ").append(diagnosticCode(a.diagnostic())).append("\r\n");
            b.append("Last-Attempt-Date: ").append(DATE.format(now)).append("\r\n");
        }
        b.append("\r\n");

        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: ").append(full ? "Undelivered message" : "Undelivered message header")
                .append("\r\n");
        b.append("Content-Type: ").append(full ? "message/rfc822" : "text/rfc822-headers").append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length() + 4096);
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = original.open()) {
            if (full) {
                in.transferTo(out);
            } else {
                copyHeader(in, out);
            }
        }
        byte[] sofar = out.toByteArray();
        if (sofar.length < 2 || sofar[sofar.length - 2] != '\r' || sofar[sofar.length - 1] != '\n') {
            out.write(new byte[] {'\r', '\n'});
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Envelope.Attempt attempt(Envelope e, Envelope.Delivery d) {
        // A delivery parked by an older build has no attempt record: say what is known.
        return e.attempt(d).orElse(new Envelope.Attempt(1, Instant.EPOCH, "5.0.0", "", "x-local; delivery failed"));
    }

    /** RFC 3464 2.3.6: {@code diagnostic-type; text}; ours already have the type. */
    private static String diagnosticCode(String diagnostic) {
        String oneLine = diagnostic.replace("\r", " ").replace("\n", " ");
        return oneLine.contains(";") ? oneLine : "x-unix; " + oneLine;
    }

    /** RFC 3464 2.3.1 from ORCPT (RFC 3461 4.2), else the RCPT address when it differs (an alias). */
    private static java.util.Optional<String> originalRecipient(Envelope e, Envelope.Delivery d) {
        if (d.recipient() < 0 || d.recipient() >= e.recipients().size()) {
            return java.util.Optional.empty();
        }
        Envelope.Recipient r = e.recipients().get(d.recipient());
        if (!r.originalRecipient().isEmpty()) {
            int semi = r.originalRecipient().indexOf(';');
            if (semi > 0) {
                return java.util.Optional.of(r.originalRecipient().substring(0, semi).toLowerCase(Locale.ROOT) + "; "
                        + xtextDecode(r.originalRecipient().substring(semi + 1)));
            }
        }
        if (!r.address().equalsIgnoreCase(d.target())) {
            return java.util.Optional.of("rfc822; " + r.address());
        }
        return java.util.Optional.empty();
    }

    /** RFC 3461 4: {@code +XX} is the octet XX. */
    static String xtextDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException notHex) {
                    // kept as it is
                }
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The header up to (not including) the blank line that ends it. */
    private static void copyHeader(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int last3 = 0; // the last three octets, to find CRLF CRLF across reads
        int written = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                int c = buf[i] & 0xff;
                if (c == '\n' && (last3 & 0xffffff) == (('\r' << 16) | ('\n' << 8) | '\r')) {
                    out.write('\n');
                    return;
                }
                if (written >= MAX_HEADER) {
                    return;
                }
                out.write(c);
                written++;
                last3 = (last3 << 8) | c;
            }
        }
    }

    static boolean isEightBit(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return true;
            }
        }
        return false;
    }
}
