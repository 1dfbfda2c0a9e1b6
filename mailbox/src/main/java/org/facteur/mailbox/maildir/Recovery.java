package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.facteur.files.DirectorySync;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.index.MailboxRow;
import org.facteur.mailbox.index.MessageIndex;
import org.facteur.mailbox.index.MessageRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the index agree with the files, which are the truth: run at every exclusive open, so
 * after a crash, a lost index or files dropped in by other tools the store is whole again.
 *
 * <ul>
 *   <li>{@code tmp/} is emptied: nothing there was ever acknowledged.</li>
 *   <li>A file with a UID in its name keeps that UID; its flags are those of its name.</li>
 *   <li>A file without a usable UID (delivered into {@code new/} by another program, a name we
 *       cannot parse, a duplicate UID) gets the next UID and a name of our form in {@code cur/}.</li>
 *   <li>A file whose UID the index marks expunged is deleted (the expunge was acknowledged).</li>
 *   <li>A row without a file is expunged; a folder without a directory is dropped.</li>
 *   <li>UIDNEXT and HIGHESTMODSEQ never go back: see {@link FolderMeta}.</li>
 * </ul>
 */
public final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What one run found and mended. */
    public record Report(int mailboxes, int messages, int indexed, int renamed, int dropped, int tmpRemoved,
                         int flagsUpdated, int rowsRebuilt, int restoredFromJournal, int repairedFromJournal,
                         int damagedDiscarded) {

        @Override
        public String toString() {
            return mailboxes + " mailboxes, " + messages + " messages; indexed " + indexed
                    + ", given new UIDs " + renamed + ", dropped from index " + dropped
                    + ", removed from tmp/ " + tmpRemoved + ", flags taken from file names " + flagsUpdated
                    + ", rows rebuilt from their files " + rowsRebuilt
                    + "; from the journal: restored " + restoredFromJournal + ", repaired " + repairedFromJournal
                    + ", damaged unacknowledged files deleted " + damagedDiscarded;
        }
    }

    private final MaildirStore store;
    private final MessageIndex index;
    private final JournalRecovery journal;
    private int mailboxes;
    private int messages;
    private int indexed;
    private int renamed;
    private int dropped;
    private int tmpRemoved;
    private int flagsUpdated;
    private int rebuilt;

    Recovery(MaildirStore store) {
        this.store = store;
        this.index = store.index();
        this.journal = store.journalRecovery();
    }

    Report run() {
        Set<MailboxId> present = new HashSet<>();
        Path root = store.layout().mailRoot();
        try {
            if (Files.isDirectory(root)) {
                for (Path domainDir : list(root)) {
                    for (Path userDir : list(domainDir)) {
                        if (Files.isDirectory(userDir)) {
                            String user = userDir.getFileName() + "@" + domainDir.getFileName();
                            recoverUser(user, userDir, present);
                        }
                    }
                }
            }
            for (MailboxRow row : index.allMailboxes()) {
                if (!present.contains(row.id())) {
                    LOG.warn("mailbox {} of {} has no folder on disk any more; dropping it from the index",
                            row.name(), row.owner());
                    index.inTransaction(c -> {
                        index.deleteMailbox(c, row.id());
                        return null;
                    });
                }
            }
        } catch (IOException e) {
            throw DurableFiles.failure("recovery failed", e);
        }
        Report report = new Report(mailboxes, messages, indexed, renamed, dropped, tmpRemoved, flagsUpdated, rebuilt,
                journal.restored(), journal.repaired(), journal.discarded());
        LOG.info("store recovery: {}", report);
        return report;
    }

    private void recoverUser(String user, Path userDir, Set<MailboxId> present) throws IOException {
        if (isFolder(userDir)) {
            present.add(recoverFolder(user, MailStore.INBOX, userDir));
        }
        for (Path sub : list(userDir)) {
            if (MaildirLayout.isDoomed(sub.getFileName().toString())) {
                LOG.info("removing {}: a folder whose deletion a stop interrupted", sub);
                MaildirStore.deleteRecursively(sub);
                continue;
            }
            Optional<String> name = MaildirLayout.folderName(sub.getFileName().toString());
            if (name.isPresent() && isFolder(sub)) {
                present.add(recoverFolder(user, name.get(), sub));
            } else if (name.isEmpty() && sub.getFileName().toString().startsWith(".") && isFolder(sub)) {
                LOG.warn("ignoring folder {}: its name is not modified UTF-7", sub);
            }
        }
    }

    private static boolean isFolder(Path dir) {
        return Files.isDirectory(dir.resolve("cur"));
    }

    private MailboxId recoverFolder(String user, String name, Path dir) throws IOException {
        mailboxes++;
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(dir.resolve(sub));
        }
        FolderMeta meta = FolderMeta.load(dir).orElse(null);
        if (meta == null) {
            meta = new FolderMeta(store.uidValidities().next(), 0, 0, Optional.empty());
            meta.store(dir);
        }
        Optional<MailboxRow> row = index.mailbox(user, name);
        if (row.isPresent() && row.get().uidValidity() != meta.uidValidity()) {
            LOG.warn("mailbox {} of {}: the index has another UIDVALIDITY than the folder; rebuilding it", name, user);
            MailboxId stale = row.get().id();
            index.inTransaction(c -> {
                index.deleteMailbox(c, stale);
                return null;
            });
            row = Optional.empty();
        }
        FolderMeta folder = meta;
        MailboxId id = row.isPresent() ? row.get().id() : index.inTransaction(c -> index.insertMailbox(c, user, name,
                folder.uidValidity(), folder.reservedUid() + 1, folder.reservedModSeq(), folder.specialUse()));

        for (Path leftover : list(dir.resolve("tmp"))) {
            Files.deleteIfExists(leftover);
            tmpRemoved++;
        }
        reconcileMessages(store.state(id), id);
        return id;
    }

    private void reconcileMessages(MailboxState box, MailboxId id) throws IOException {
        Map<Long, MessageRow> rows = new HashMap<>();
        for (MessageRow r : index.messages(id)) {
            rows.put(r.uid(), r);
        }
        Set<Long> expunged = index.expungedUids(id);
        Map<Long, MaildirFileName> claimed = new TreeMap<>();
        List<Path> needUid = new ArrayList<>();
        boolean changedDir = false;

        for (Path file : journal.mend(box.cur(), box.uidValidity(), list(box.cur()))) {
            if (!Files.isRegularFile(file) || file.getFileName().toString().startsWith(".")) {
                continue;
            }
            MaildirFileName name = MaildirFileName.parse(file.getFileName().toString());
            if (name.uid() > 0 && expunged.contains(name.uid()) && !rows.containsKey(name.uid())) {
                Files.delete(file);
                changedDir = true;
            } else if (name.uid() > 0 && !claimed.containsKey(name.uid())) {
                claimed.put(name.uid(), name);
            } else {
                needUid.add(file);
            }
        }
        for (Path file : list(box.dir().resolve("new"))) {
            if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".")) {
                needUid.add(file);
            }
        }
        needUid.sort(null);

        box.lock.lock();
        try {
            long maxClaimed = claimed.isEmpty() ? 0 : ((TreeMap<Long, MaildirFileName>) claimed).lastKey();
            box.raiseUidNext(maxClaimed + 1);
            long modSeq = box.nextModSeq();

            List<Long> gone = rows.keySet().stream().filter(uid -> !claimed.containsKey(uid)).sorted().toList();
            List<MessageRow> inserts = new ArrayList<>();
            List<byte[]> summaries = new ArrayList<>();
            List<MessageRow> updates = new ArrayList<>();
            List<Long> replaced = new ArrayList<>();
            for (Map.Entry<Long, MaildirFileName> e : claimed.entrySet()) {
                MaildirFileName name = e.getValue();
                Path file = box.cur().resolve(name.fileName());
                MessageRow existing = rows.get(e.getKey());
                if (existing != null && !describes(existing, name)) {
                    // A row of another message under this UID, or of this one with another size:
                    // H2 gave back a damaged or stale row. The file wins; the row is rebuilt.
                    LOG.warn("mailbox {}: the index row of UID {} ({}) does not describe its file {}; rebuilding it",
                            box.name(), e.getKey(), existing.fileName(), name.fileName());
                    replaced.add(e.getKey());
                    existing = null;
                }
                Flags fileFlags = name.flags(box.keywords());
                if (existing == null) {
                    inserts.add(newRow(file, name.uid(), modSeq, fileFlags, name.fileName()));
                    summaries.add(MessageFiles.summarise(file));
                } else if (!existing.fileName().equals(name.fileName())) {
                    boolean sameFlags = MaildirFileName.infoFor(existing.flags(), box.keywords()).equals(name.info());
                    updates.add(sameFlags ? existing.withFlags(existing.flags(), existing.modSeq(), name.fileName())
                            : existing.withFlags(fileFlags, modSeq, name.fileName()));
                    if (!sameFlags) {
                        flagsUpdated++;
                    }
                }
            }
            for (Path file : needUid) {
                long uid = box.nextUid();
                MaildirFileName parsed = MaildirFileName.parse(file.getFileName().toString());
                long size = Files.size(file);
                MaildirFileName name = MaildirFileName.create(store.names().next(), size, uid, parsed.info());
                Path target = box.cur().resolve(name.fileName());
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                changedDir = true;
                renamed++;
                inserts.add(newRow(target, uid, modSeq, name.flags(box.keywords()), name.fileName()));
                summaries.add(MessageFiles.summarise(target));
            }
            if (changedDir) {
                DirectorySync.force(box.cur());
                DirectorySync.force(box.dir().resolve("new"));
            }
            index.inTransaction(c -> {
                index.deleteOrphanSummaries(c, id);
                for (long uid : replaced) {
                    index.deleteMessage(c, id, uid);
                }
                if (!gone.isEmpty()) {
                    index.expunge(c, id, gone, modSeq);
                }
                for (int i = 0; i < inserts.size(); i++) {
                    index.insertMessage(c, id, inserts.get(i), summaries.get(i));
                }
                for (MessageRow u : updates) {
                    index.updateFlags(c, id, u);
                }
                index.updateCounters(c, id, box.uidNext(), box.highestModSeq());
                return null;
            });
            // The listing as it now stands, so the first SELECT needs no query.
            TreeMap<Long, MessageRow> listed = new TreeMap<>(rows);
            gone.forEach(listed::remove);
            updates.forEach(u -> listed.put(u.uid(), u));
            inserts.forEach(i -> listed.put(i.uid(), i));
            box.setListing(MessageList.of(listed.values()));
            messages += claimed.size() + needUid.size();
            indexed += inserts.size();
            dropped += gone.size();
            rebuilt += replaced.size();
        } finally {
            box.lock.unlock();
        }
    }

    /**
     * Whether an index row is that of the file now claiming its UID: the same unique name and
     * size (the flags may differ: the file's win). Every row we write names its own file, so
     * anything else is a row H2 kept from another time or damaged.
     */
    static boolean describes(MessageRow row, MaildirFileName file) {
        MaildirFileName recorded = MaildirFileName.parse(row.fileName());
        return recorded.uid() == row.uid() && recorded.base().equals(file.base())
                && (file.size() < 0 || file.size() == row.size());
    }

    private static MessageRow newRow(Path file, long uid, long modSeq, Flags flags, String fileName) throws IOException {
        Instant internalDate = Files.getLastModifiedTime(file).toInstant();
        return new MessageRow(uid, modSeq, flags, internalDate, Files.size(file), fileName);
    }


    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                entries.add(p);
            }
        }
        return entries;
    }
}
