package org.facteur.mailbox.maildir.crash;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages of the crash test: each is a pure function of its id, so the parent can check a
 * recovered message byte for byte without the child telling it what it wrote.
 */
final class CrashMessages {

    static final String ID_HEADER = "X-Crash-Id";
    private static final Pattern ID = Pattern.compile("^" + ID_HEADER + ": (\\d+)$", Pattern.MULTILINE);
    private static final String LINE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do.\r\n";

    private CrashMessages() {
    }

    /** A message of 1 to 6 KB (sizes vary so files straddle page boundaries). */
    static byte[] of(long id) {
        StringBuilder b = new StringBuilder()
                .append("From: Crash Test <crash@example.org>\r\n")
                .append("To: alice@example.org\r\n")
                .append("Subject: crash message ").append(id).append("\r\n")
                .append("Message-ID: <").append(id).append("@crash.example.org>\r\n")
                .append(ID_HEADER).append(": ").append(id).append("\r\n")
                .append("\r\n");
        int lines = 15 + (int) (Math.floorMod(id * 2654435761L, 80));
        for (int i = 0; i < lines; i++) {
            b.append(i).append(' ').append(LINE);
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The id in a message's header, if it has one. */
    static Optional<Long> idOf(byte[] message) {
        Matcher m = ID.matcher(new String(message, StandardCharsets.US_ASCII));
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
