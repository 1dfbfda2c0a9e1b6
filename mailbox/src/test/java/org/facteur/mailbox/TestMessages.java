package org.facteur.mailbox;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Messages for store tests. */
public final class TestMessages {

    private TestMessages() {
    }

    public static byte[] simple(String subject) {
        return ("From: Alice <alice@example.org>\r\n"
                + "To: Bob <bob@example.org>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + "@example.org>\r\n"
                + "\r\n"
                + "Hello Bob,\r\n"
                + "this is " + subject + ".\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A message of about {@code size} bytes, multipart with a text part. */
    public static byte[] ofSize(String subject, int size) {
        StringBuilder b = new StringBuilder();
        b.append("From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: ").append(subject)
                .append("\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
                .append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        while (b.length() < size - 12) {
            b.append("The quick brown fox jumps over the lazy dog, again and again.\r\n");
        }
        b.append("--b1--\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
