package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.facteur.files.DirectorySync;
import org.facteur.mailbox.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mends, at start, the journaled files that the last checkpoint did not make durable: after a
 * power loss such a file may be missing (its rename was lost) or hold other bytes than the
 * message (its name reached the disk, its data did not: stale blocks of deleted files).
 *
 * <ul>
 *   <li>A file with a record is compared with it and rewritten from it if it differs.</li>
 *   <li>A record without its file gets its file back, under the recorded name.</li>
 *   <li>A journaled file without a record was never acknowledged (the record comes first): it is
 *       kept if its content matches the CRC in its name, else deleted, since its bytes may be
 *       anyone's.</li>
 * </ul>
 * Files of generations already checkpointed, and files not journaled, are left as they are.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final Path mailRoot;
    private final long checkpointed;
    /** The records by their file's {@code cur/} (relative to the mail root), then by base name. */
    private final Map<String, Map<String, JournalRecord>> byFolder = new HashMap<>();
    private int restored;
    private int repaired;
    private int discarded;
    /** restored + repaired + discarded when {@code cur/} was last synced. */
    private int changes;

    JournalRecovery(Path mailRoot, long checkpointed, List<JournalRecord> records) {
        this.mailRoot = mailRoot;
        this.checkpointed = checkpointed;
        for (JournalRecord r : records) {
            int slash = r.path().lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            String base = MaildirFileName.parse(r.path().substring(slash + 1)).base();
            byFolder.computeIfAbsent(r.path().substring(0, slash), k -> new HashMap<>()).put(base, r);
        }
    }

    static JournalRecovery none(Path mailRoot) {
        return new JournalRecovery(mailRoot, Long.MAX_VALUE, List.of());
    }

    int restored() {
        return restored;
    }

    int repaired() {
        return repaired;
    }

    int discarded() {
        return discarded;
    }

    /** The files of one folder's {@code cur/}, mended: the list to index. */
    List<Path> mend(Path cur, long uidValidity, List<Path> files) throws IOException {
        Map<String, JournalRecord> records = new HashMap<>(
                byFolder.getOrDefault(mailRoot.relativize(cur).toString(), Map.of()));
        records.values().removeIf(r -> r.uidValidity() != uidValidity);
        List<Path> mended = new ArrayList<>(files.size() + records.size());
        for (Path file : files) {
            MaildirFileName name = MaildirFileName.parse(file.getFileName().toString());
            long generation = name.journalGeneration();
            if (generation == 0 || generation <= checkpointed) {
                mended.add(file);
                continue;
            }
            JournalRecord record = records.remove(name.base());
            if (record != null) {
                byte[] content = record.content();
                if (!Arrays.equals(content, readAll(file))) {
                    LOG.warn("{}: the file differs from its journal record (lost in a crash); rewriting it", file);
                    write(cur, file, content, record.mtimeMillis());
                    repaired++;
                }
                mended.add(file);
            } else if (hasCrc(file, name)) {
                mended.add(file);
            } else {
                LOG.warn("{}: a message never acknowledged whose bytes a crash damaged; deleting it", file);
                Files.delete(file);
                discarded++;
            }
        }
        for (JournalRecord record : records.values()) {
            Path file = cur.resolve(record.path().substring(record.path().lastIndexOf('/') + 1));
            LOG.warn("{}: lost in a crash after it was acknowledged; restoring it from the journal", file);
            write(cur, file, record.content(), record.mtimeMillis());
            mended.add(file);
            restored++;
        }
        if (changes != restored + repaired + discarded) {
            // Durable now, not at the journal's next syncfs: a second crash must not bring back a
            // damaged file this one deleted (and where syncfs fails there is none).
            DirectorySync.force(cur);
            changes = restored + repaired + discarded;
        }
        return mended;
    }

    private static boolean hasCrc(Path file, MaildirFileName name) throws IOException {
        if (name.size() >= 0 && Files.size(file) != name.size()) {
            return false;
        }
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        return (int) crc.getValue() == name.journalCrc();
    }

    private static byte[] readAll(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Writes the content under the file's name through {@code tmp/}, fsynced before the rename
     * (recovery fsyncs {@code cur/} after).
     */
    private static void write(Path cur, Path file, byte[] content, long mtimeMillis) throws IOException {
        Path tmp = cur.resolveSibling("tmp").resolve("journal-replay-" + file.getFileName().toString().hashCode());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(mtimeMillis));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
