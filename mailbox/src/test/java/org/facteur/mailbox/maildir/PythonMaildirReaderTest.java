package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent Maildir reader, Python's {@code mailbox.Maildir} from the standard library, opens
 * a user's folders and must see what the store says: the same folders, messages, bytes, flags
 * and arrival times (DESIGN.md: "standard enough that other tools read it").
 */
class PythonMaildirReaderTest {

    private static final String USER = "alice@example.org";
    private static final Instant DATE = Instant.parse("2026-11-25T10:15:30Z");

    @TempDir
    Path dataDir;

    @Test
    void pythonSeesTheSameFoldersMessagesBytesAndFlags() throws Exception {
        List<String> expected;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            store.createMailbox(USER, "Work/Projects", Optional.empty());
            fill(store, MailStore.INBOX);
            fill(store, "Sent");
            fill(store, "Work/Projects");
            expected = describe(store);
        }
        List<String> seen = runPython(dataDir.resolve("mail/example.org/alice"));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** One message per interesting flag combination, of several sizes and shapes. */
    private static void fill(MailStore store, String mailbox) {
        var box = store.mailbox(USER, mailbox).orElseThrow().id();
        List<Flags> combinations = List.of(Flags.NONE, Flags.of(SystemFlag.SEEN),
                Flags.of(SystemFlag.SEEN, SystemFlag.ANSWERED), Flags.of(SystemFlag.FLAGGED),
                Flags.of(SystemFlag.DRAFT), Flags.of(SystemFlag.SEEN, SystemFlag.DELETED),
                Flags.of(SystemFlag.DRAFT, SystemFlag.FLAGGED, SystemFlag.ANSWERED, SystemFlag.SEEN, SystemFlag.DELETED));
        for (int i = 0; i < combinations.size(); i++) {
            byte[] message = i % 2 == 0 ? TestMessages.simple(mailbox + " " + i)
                    : TestMessages.ofSize(mailbox + " " + i, 3000 * i);
            store.append(box, TestMessages.stream(message), combinations.get(i), DATE.plusSeconds(i));
        }
    }

    /** The store's view in the script's format; Maildir++ folder names use "." where we use "/". */
    private static List<String> describe(MailStore store) throws IOException {
        List<String> lines = new ArrayList<>();
        for (MailboxInfo box : store.mailboxes(USER)) {
            String folder = box.name().replace(MailStore.DELIMITER, ".");
            lines.add("folder\t" + folder);
            for (MessageRecord r : store.messages(box.id())) {
                try (InputStream in = store.content(box.id(), r.uid(), 0, r.size())) {
                    lines.add(String.join("\t", "message", folder, letters(r.flags()),
                            String.valueOf(r.internalDate().getEpochSecond()), sha256(in.readAllBytes())));
                }
            }
        }
        return lines;
    }

    private static String letters(Flags flags) {
        StringBuilder b = new StringBuilder();
        for (SystemFlag f : SystemFlag.values()) { // in ASCII order, as the script sorts them
            if (flags.has(f)) {
                b.append(f.maildirLetter());
            }
        }
        return b.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> runPython(Path userDir) throws IOException, InterruptedException {
        Path script = dataDir.resolve("list_maildir.py");
        try (InputStream in = getClass().getResourceAsStream("/maildir/list_maildir.py")) {
            Files.copy(in, script);
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), userDir.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return fail("python3 is required for this test (.ci/run installs it with apt-get): " + e.getMessage());
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(p.exitValue()).as("python3 exit status; stderr:\n%s", err).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
