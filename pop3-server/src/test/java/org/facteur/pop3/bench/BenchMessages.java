package org.facteur.pop3.bench;

import java.nio.charset.StandardCharsets;

/** The benchmark's mail: 10 users of 200 messages of 5 KB, some lines starting with a dot. */
final class BenchMessages {

    static final int SESSIONS = 10;
    static final int PER_SESSION = 200;
    static final int SIZE = 5 * 1024;
    static final String PASSWORD = "secret";

    private BenchMessages() {
    }

    static String user(int n) {
        return "user" + n + "@example.org";
    }

    /** Message {@code i} of user {@code user}: CRLF lines, one in ten starting with ".". */
    static byte[] message(int user, int i) {
        StringBuilder b = new StringBuilder("From: bench@example.org\r\nTo: " + user(user)
                + "\r\nSubject: message " + i + "\r\nMessage-ID: <" + user + "." + i + "@example.org>\r\n\r\n");
        int line = 0;
        while (b.length() < SIZE - 80) {
            b.append(line++ % 10 == 0 ? "." : "").append("The quick brown fox jumps over the lazy dog ")
                    .append(line).append("\r\n");
        }
        while (b.length() < SIZE - 2) {
            b.append('x');
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
