package org.facteur.smtp.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The queue's envelope file: UTF-8 text, one {@code key value} per line, readable with
 * {@code cat} like Postfix's {@code postcat}. Values are percent-encoded where they hold a
 * space, a control character, '%' or a non-ASCII octet. The first line names the format and its
 * version; the last is {@code end}, so a truncated file is recognised (it never should be: the
 * file is written to a temporary name, fsynced, then renamed).
 *
 * <pre>
 * facteur-queue 1
 * id 3F9K2M0A1B2C
 * received 2026-11-25T12:00:00.123Z
 * session 5d2c1a
 * client 192.0.2.7
 * helo mx.example.org
 * sender alice@example.org
 * size 5120
 * body 8BITMIME
 * smtputf8 no
 * ret HDRS
 * envid QQ314159
 * rcpt bob@example.test SUCCESS,FAILURE rfc822;bob@example.test
 * local 0 bob@example.test 0
 * remote 1 carol@elsewhere.test 0
 * failed 2 dave@example.test 1
 * attempt 1 3 2026-11-25T12:20:00Z 4.2.1 mx.elsewhere.test smtp;%20450%204.2.1%20Mailbox%20busy
 * end
 * </pre>
 * ({@code failed}: a delivery that failed for good, waiting for its bounce, see {@link Envelope.Kind};
 * {@code attempt}: delivery index, attempts made, next attempt, last status, remote MTA, diagnostic,
 * see {@link Envelope.Attempt}.)
 */
final class EnvelopeFormat {

    static final String MAGIC = "facteur-queue 1";

    private EnvelopeFormat() {
    }

    static byte[] write(Envelope e) {
        StringBuilder b = new StringBuilder(512);
        b.append(MAGIC).append('\n');
        line(b, "id", e.queueId());
        line(b, "received", e.received().toString());
        line(b, "session", e.sessionId());
        line(b, "client", e.clientIp());
        line(b, "helo", e.helo());
        line(b, "sender", e.sender());
        line(b, "size", Long.toString(e.size()));
        line(b, "body", e.body());
        line(b, "smtputf8", e.smtpUtf8() ? "yes" : "no");
        line(b, "ret", e.dsnRet());
        line(b, "envid", e.dsnEnvelopeId());
        for (Envelope.Recipient r : e.recipients()) {
            b.append("rcpt ").append(enc(r.address())).append(' ').append(enc(r.dsnNotify())).append(' ')
                    .append(enc(r.originalRecipient())).append('\n');
        }
        for (Envelope.Delivery d : e.deliveries()) {
            b.append(d.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(d.index()).append(' ')
                    .append(enc(d.target())).append(' ').append(d.recipient()).append('\n');
        }
        e.attempts().forEach((index, a) -> b.append("attempt ").append(index).append(' ').append(a.count()).append(' ')
                .append(a.next()).append(' ').append(enc(a.status())).append(' ').append(enc(a.remoteMta())).append(' ')
                .append(enc(a.diagnostic())).append('\n'));
        b.append("end\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Envelope read(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a facteur queue envelope (version 1)");
        }
        String id = null, received = null, session = "", client = "", helo = "", sender = "", body = "", ret = "",
                envid = "";
        long size = 0;
        boolean utf8 = false;
        boolean ended = false;
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        List<Envelope.Delivery> deliveries = new ArrayList<>();
        Map<Integer, Envelope.Attempt> attempts = new HashMap<>();
        for (int i = 1; i < lines.length && !ended; i++) {
            String line = lines[i];
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            switch (key) {
                case "id" -> id = dec(value);
                case "received" -> received = dec(value);
                case "session" -> session = dec(value);
                case "client" -> client = dec(value);
                case "helo" -> helo = dec(value);
                case "sender" -> sender = dec(value);
                case "size" -> size = Long.parseLong(value);
                case "body" -> body = dec(value);
                case "smtputf8" -> utf8 = value.equals("yes");
                case "ret" -> ret = dec(value);
                case "envid" -> envid = dec(value);
                case "rcpt" -> {
                    String[] f = value.split(" ", -1);
                    rcpts.add(new Envelope.Recipient(dec(f[0]), dec(f[1]), dec(f[2])));
                }
                case "local", "remote", "failed" -> {
                    String[] f = value.split(" ", -1);
                    deliveries.add(new Envelope.Delivery(Integer.parseInt(f[0]),
                            Envelope.Kind.valueOf(key.toUpperCase(Locale.ROOT)), dec(f[1]), Integer.parseInt(f[2])));
                }
                case "attempt" -> {
                    String[] f = value.split(" ", -1);
                    attempts.put(Integer.parseInt(f[0]), new Envelope.Attempt(Integer.parseInt(f[1]),
                            Instant.parse(f[2]), dec(f[3]), dec(f[4]), dec(f[5])));
                }
                case "end" -> ended = true;
                default -> throw new IllegalArgumentException("unknown envelope line: " + key);
            }
        }
        if (!ended || id == null || received == null) {
            throw new IllegalArgumentException("truncated queue envelope");
        }
        return new Envelope(id, Instant.parse(received), session, client, helo, sender, size, body, utf8, ret, envid,
                rcpts, deliveries, attempts);
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append(' ').append(enc(value)).append('\n');
    }

    static String enc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c <= 0x20 || c == '%' || c >= 0x7f) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static String dec(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() + 0 && i + 2 <= s.length() - 1) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
