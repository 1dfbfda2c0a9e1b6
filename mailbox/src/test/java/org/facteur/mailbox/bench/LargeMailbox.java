package org.facteur.mailbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.maildir.MaildirFileName;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * Builds a mailbox of many messages fast: the files are written straight into the INBOX's
 * {@code cur/} under names carrying their UIDs, as the store names them, and the store's
 * recovery indexes them at the next open (parsing each once, as an append would).
 */
final class LargeMailbox {

    static final String USER = "bench@example.org";

    private LargeMailbox() {
    }

    static void build(Path dataDir, int messages, int size) {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
        }
        Path cur = dataDir.resolve("mail/example.org/bench/cur");
        byte[] content = TestMessages.ofSize("large mailbox", size);
        IntStream.rangeClosed(1, messages).parallel().forEach(uid -> {
            // a third seen, a tenth flagged: flags the listing must carry
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

    static MailboxId inbox(MailStore store) {
        return store.mailbox(USER, MailStore.INBOX).orElseThrow().id();
    }
}
