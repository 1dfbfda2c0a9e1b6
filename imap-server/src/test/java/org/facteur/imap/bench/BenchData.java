package org.facteur.imap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.facteur.mailbox.maildir.MaildirFileName;
import org.facteur.mailbox.maildir.MaildirStore;

/** The benchmark's users, messages and the 100,000-message mailbox, shared by server and client. */
final class BenchData {

    static final String DOMAIN = "example.org";
    static final String PASSWORD = "bench password";
    /** Users with an INBOX of {@link #PER_USER} messages; sessions of the mix share them round robin. */
    static final int USERS = 10;
    static final int PER_USER = 200;
    static final int SIZE = 5 * 1024;
    /** Users who never logged in before the first-login figure, so each costs the full PBKDF2. */
    static final int COLD_USERS = 8;
    static final String LARGE_USER = "large@" + DOMAIN;
    static final int LARGE_MESSAGES = 100_000;

    private BenchData() {
    }

    static String user(int i) {
        return "user" + i + "@" + DOMAIN;
    }

    static String coldUser(int i) {
        return "cold" + i + "@" + DOMAIN;
    }

    /** A plain-text message of {@code size} bytes, with the headers a mail client reads. */
    static byte[] message(String subject, int size) {
        StringBuilder b = new StringBuilder();
        b.append("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: ").append(subject)
                .append("\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <").append(subject.hashCode())
                .append("@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        String text = "The quick brown fox jumps over the lazy dog, again and again.\r\n";
        while (b.length() + text.length() <= size) {
            b.append(text);
        }
        while (b.length() < size - 2) {
            b.append('.');
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@link #LARGE_MESSAGES} files straight into the large user's INBOX {@code cur/},
     * named as the store names them (UIDs in the names): the store's recovery indexes them at the
     * next exclusive open, parsing each once as an append would, in a fraction of the time of
     * 100,000 appends with their fsyncs.
     */
    static void buildLargeMailbox(Path dataDir) {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(LARGE_USER);
        }
        Path cur = dataDir.resolve("mail").resolve(DOMAIN).resolve("large").resolve("cur");
        byte[] content = message("large mailbox", 2 * 1024);
        IntStream.rangeClosed(1, LARGE_MESSAGES).parallel().forEach(uid -> {
            // A third seen, a tenth flagged: flags the listing has to carry.
            String info = (uid % 10 == 0 ? "F" : "") + (uid % 3 == 0 ? "S" : "");
            String name = MaildirFileName.create("1764000000.M" + uid + "P1Q1.bench", content.length, uid, info)
                    .fileName();
            try {
                Files.write(cur.resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
