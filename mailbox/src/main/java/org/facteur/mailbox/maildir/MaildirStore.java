package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.facteur.db.Database;
import org.facteur.db.IndexException;
import org.facteur.files.DirectorySync;
import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.ExpungedUids;
import org.facteur.mailbox.FlagChange;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MailboxListener;
import org.facteur.mailbox.MailboxStatus;
import org.facteur.mailbox.RangeInputStream;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SortKeys;
import org.facteur.mailbox.SpecialUse;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.StoreException.Reason;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidMapping;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.UserListener;
import org.facteur.mailbox.index.MailboxRow;
import org.facteur.mailbox.index.MessageIndex;
import org.facteur.mailbox.index.MessageRow;
import org.facteur.mailbox.journal.AppendJournal;
import org.facteur.mailbox.journal.JournalRecord;
import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox store on Maildir files with an H2 index.
 *
 * <p>The durability protocol of an append: write the message into the folder's {@code tmp/},
 * then under the mailbox lock take the next UID and MODSEQ, rename the file into {@code cur/}
 * under a name carrying its UID and flags, record the index row, and make it durable before
 * returning. A message of up to {@link AppendJournal#MAX_CONTENT} bytes is made durable by a
 * record in the {@link AppendJournal} (one fdatasync shared by concurrent appends; the files
 * follow with the journal's next checkpoint). A larger one, or any where the journal is not
 * available, is fsynced in {@code tmp/} before its rename, and {@code cur/} is fsynced after it
 * (one fsync shared by the appends renamed meanwhile: {@link DirectorySync}). The files are the
 * truth; the index is a cache that {@link Recovery} reconciles with them at every exclusive
 * open, after mending from the journal the files a power loss damaged.
 *
 * <p>Only one process serves a data directory ({@link #openExclusive}: it holds
 * {@code facteur.lock}, recovers, and is the only writer of messages). Admin commands open the
 * store shared ({@link #openShared}) to create or delete accounts while the server runs.
 */
public final class MaildirStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirStore.class);

    static final List<String> DEFAULT_FOLDERS = List.of("Sent", "Drafts", "Trash", "Junk", "Archive");
    private static final String SUBSCRIPTIONS = "subscriptions";
    /** Per append: 64 KB cost as much in allocation and zeroing as a small message's whole write. */
    private static final int COPY_BUFFER = 16 * 1024;
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final MaildirLayout layout;
    private final Database db;
    private final MessageIndex index;
    private final boolean ownsDatabase;
    private final FileLock processLock;
    /** Null when the store is shared (admin commands): they never append. */
    private final AppendJournal journal;
    private final UniqueNames names = new UniqueNames();
    private final EventBus events = new EventBus();
    private final Map<MailboxId, MailboxState> states = new ConcurrentHashMap<>();
    private final Map<String, Object> userLocks = new ConcurrentHashMap<>();
    private final UidValidities uidValidities = new UidValidities();
    private final StorageUsage usage;

    private MaildirStore(Path dataDir, Database db, boolean ownsDatabase, FileLock processLock,
                         AppendJournal journal) {
        this.layout = new MaildirLayout(dataDir);
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.processLock = processLock;
        this.journal = journal;
        this.index = new MessageIndex(db);
        this.usage = new StorageUsage(index::storageUsed);
    }

    /**
     * Opens the store of a data directory as its one serving process: takes the data directory's
     * lock, then reconciles the index with the files (crash recovery).
     */
    public static MaildirStore openExclusive(Path dataDir) {
        FileLock lock = lockDataDir(dataDir);
        try {
            try {
                return openAndRecover(dataDir, lock);
            } catch (IndexException e) {
                // The index is a cache of the files: one that H2 cannot read after a crash is
                // rebuilt rather than keeping the server from starting.
                LOG.warn("the mailbox index is damaged ({}); rebuilding it from the Maildir files", e.getMessage());
                deleteRecursively(dataDir.resolve("index"));
                return openAndRecover(dataDir, lock);
            }
        } catch (IOException e) {
            release(lock);
            throw DurableFiles.failure("cannot delete the damaged index", e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    private static MaildirStore openAndRecover(Path dataDir, FileLock lock) {
        Database db = Database.openIndex(dataDir);
        try {
            return recovered(new MaildirStore(dataDir, db, true, lock, openJournal(dataDir)));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static AppendJournal openJournal(Path dataDir) {
        try {
            return AppendJournal.open(dataDir.resolve("journal"), new MaildirLayout(dataDir).mailRoot());
        } catch (IOException e) {
            throw DurableFiles.failure("cannot open the append journal", e);
        }
    }

    /** Runs recovery (mending files from the journal first), then starts journaling. */
    private static MaildirStore recovered(MaildirStore store) {
        try {
            store.lastRecovery = new Recovery(store).run();
            if (store.journal != null) {
                store.journal.replayed();
            }
            return store;
        } catch (IOException e) {
            store.closeJournal();
            throw DurableFiles.failure("cannot make the replayed journal durable", e);
        } catch (RuntimeException e) {
            store.closeJournal();
            throw e;
        }
    }

    private void closeJournal() {
        if (journal != null) {
            journal.close();
        }
    }

    /** The journal's records not checkpointed before this start, for {@link Recovery}. */
    JournalRecovery journalRecovery() {
        return journal == null ? JournalRecovery.none(layout.mailRoot())
                : new JournalRecovery(layout.mailRoot(), journal.checkpointed(), journal.pendingRecords());
    }

    /** Opens the store for admin commands while a server may run: accounts and mailboxes only. */
    public static MaildirStore openShared(Path dataDir) {
        return new MaildirStore(dataDir, Database.openIndex(dataDir), true, null, null);
    }

    /** Opens a store over a given index database, exclusive, for tests and other backends. */
    public static MaildirStore openExclusive(Path dataDir, Database index) {
        FileLock lock = lockDataDir(dataDir);
        try {
            return recovered(new MaildirStore(dataDir, index, false, lock, openJournal(dataDir)));
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /**
     * Rebuilds the index from the files: deletes the index database, then opens and recovers.
     * Refused while a server runs on the data directory.
     */
    public static Recovery.Report reindex(Path dataDir) {
        FileLock lock = lockDataDir(dataDir);
        try {
            deleteRecursively(dataDir.resolve("index"));
        } catch (IOException e) {
            throw DurableFiles.failure("cannot delete the old index", e);
        } finally {
            release(lock);
        }
        try (MaildirStore store = openExclusive(dataDir)) {
            return store.lastRecovery();
        }
    }

    private Recovery.Report lastRecovery;

    /** What the recovery at open found and mended. */
    public Recovery.Report lastRecovery() {
        return lastRecovery;
    }

    private static FileLock lockDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            FileChannel ch = FileChannel.open(dataDir.resolve("facteur.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new StoreException(Reason.NOT_ALLOWED,
                        "another facteur process is serving " + dataDir + " (stop it first)");
            }
            return lock;
        } catch (IOException e) {
            throw DurableFiles.failure("cannot lock the data directory " + dataDir, e);
        }
    }

    MaildirLayout layout() {
        return layout;
    }

    MessageIndex index() {
        return index;
    }

    UniqueNames names() {
        return names;
    }

    UidValidities uidValidities() {
        return uidValidities;
    }

    // ---- accounts

    @Override
    public void createAccount(String user) {
        synchronized (userLock(user)) {
            if (mailbox(user, INBOX).isEmpty()) {
                createFolder(user, INBOX, Optional.empty());
            }
            for (String folder : DEFAULT_FOLDERS) {
                if (mailbox(user, folder).isEmpty()) {
                    createFolder(user, folder, Optional.of(SpecialUse.valueOf(folder.toUpperCase(java.util.Locale.ROOT))));
                }
                subscribe(user, folder);
            }
            subscribe(user, INBOX);
        }
    }

    @Override
    public void deleteAccount(String user) {
        synchronized (userLock(user)) {
            settleAll();
            for (MailboxRow row : index.mailboxes(user)) {
                index.inTransaction(c -> {
                    index.deleteMailbox(c, row.id());
                    return null;
                });
                forget(row.id());
            }
            usage.forget(user);
            try {
                deleteRecursively(layout.userDir(user));
            } catch (IOException e) {
                throw DurableFiles.failure("cannot delete the mail of " + user, e);
            }
        }
    }

    // ---- mailboxes

    @Override
    public List<MailboxInfo> mailboxes(String user) {
        return index.mailboxes(user).stream().map(MailboxRow::info).toList();
    }

    @Override
    public Optional<MailboxInfo> mailbox(String user, String name) {
        return index.mailbox(user, MaildirLayout.canonicalName(name)).map(MailboxRow::info);
    }

    @Override
    public MailboxInfo createMailbox(String user, String name, Optional<SpecialUse> specialUse) {
        String canonical = MaildirLayout.canonicalName(stripTrailingDelimiter(name));
        synchronized (userLock(user)) {
            if (mailbox(user, canonical).isPresent()) {
                throw new StoreException(Reason.MAILBOX_EXISTS, "mailbox already exists: " + canonical);
            }
            String[] levels = canonical.split(DELIMITER);
            for (int i = 1; i < levels.length; i++) {
                String parent = String.join(DELIMITER, java.util.Arrays.copyOf(levels, i));
                if (mailbox(user, parent).isEmpty()) {
                    createFolder(user, parent, Optional.empty());
                }
            }
            return createFolder(user, canonical, specialUse);
        }
    }

    private static String stripTrailingDelimiter(String name) {
        // RFC 3501 6.3.3: "foo/" creates "foo", the client says it intends children.
        return name.endsWith(DELIMITER) && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    /** Creates the folder's directories and meta file, then its index row. */
    private MailboxInfo createFolder(String user, String name, Optional<SpecialUse> specialUse) {
        Path dir = layout.folderDir(user, name);
        try {
            for (String sub : List.of("tmp", "new", "cur")) {
                Files.createDirectories(dir.resolve(sub));
            }
            FolderMeta meta = FolderMeta.load(dir).orElse(null);
            if (meta == null) {
                meta = new FolderMeta(uidValidities.next(), 0, 0, specialUse);
                meta.store(dir);
                DirectorySync.force(dir.getParent());
            }
            FolderMeta created = meta;
            MailboxId id = index.inTransaction(c -> index.insertMailbox(c, user, name, created.uidValidity(),
                    created.reservedUid() + 1, created.reservedModSeq(), created.specialUse()));
            events.publish(user, new MailboxEvent.Created(id, name));
            return new MailboxInfo(id, user, name, created.uidValidity(), created.specialUse());
        } catch (IOException e) {
            throw DurableFiles.failure("cannot create mailbox " + name, e);
        } catch (IndexException e) {
            if (mailbox(user, name).isPresent()) {
                throw new StoreException(Reason.MAILBOX_EXISTS, "mailbox already exists: " + name);
            }
            throw e;
        }
    }

    @Override
    public void renameMailbox(String user, String from, String to) {
        String source = MaildirLayout.canonicalName(from);
        String target = MaildirLayout.canonicalName(stripTrailingDelimiter(to));
        synchronized (userLock(user)) {
            MailboxInfo box = mailbox(user, source).orElseThrow(() -> noSuchMailbox(source));
            if (mailbox(user, target).isPresent()) {
                throw new StoreException(Reason.MAILBOX_EXISTS, "mailbox already exists: " + target);
            }
            if (target.equals(source) || target.startsWith(source + DELIMITER)) {
                throw new StoreException(Reason.NOT_ALLOWED, "cannot rename a mailbox into itself");
            }
            if (source.equals(INBOX)) {
                MailboxInfo created = createMailbox(user, target, Optional.empty());
                move(box.id(), UidSet.ALL, created.id());
                return;
            }
            // Parents of the new name must exist (RFC 3501 6.3.5), children follow their parent.
            int cut = target.lastIndexOf(DELIMITER);
            if (cut > 0 && mailbox(user, target.substring(0, cut)).isEmpty()) {
                createMailbox(user, target.substring(0, cut), Optional.empty());
            }
            for (MailboxRow row : index.mailboxes(user)) {
                if (row.name().equals(source) || row.name().startsWith(source + DELIMITER)) {
                    String newName = target + row.name().substring(source.length());
                    renameFolder(user, row, newName);
                }
            }
        }
    }

    private void renameFolder(String user, MailboxRow row, String newName) {
        Path oldDir = layout.folderDir(user, row.name());
        Path newDir = layout.folderDir(user, newName);
        MailboxState state = states.get(row.id());
        if (state != null) {
            state.lock.lock();
        }
        try {
            if (state != null) {
                settle(state);
            }
            Files.move(oldDir, newDir, StandardCopyOption.ATOMIC_MOVE);
            DirectorySync.force(newDir.getParent());
            index.inTransaction(c -> {
                index.renameMailbox(c, row.id(), newName);
                return null;
            });
            if (state != null) {
                state.moved(newName, newDir);
            }
        } catch (IOException e) {
            throw DurableFiles.failure("cannot rename mailbox " + row.name(), e);
        } finally {
            if (state != null) {
                state.lock.unlock();
            }
        }
        events.publish(user, new MailboxEvent.Renamed(row.id(), row.name(), newName));
    }

    @Override
    public void deleteMailbox(String user, String name) {
        String canonical = MaildirLayout.canonicalName(name);
        if (canonical.equals(INBOX)) {
            throw new StoreException(Reason.NOT_ALLOWED, "INBOX cannot be deleted");
        }
        synchronized (userLock(user)) {
            MailboxInfo box = mailbox(user, canonical).orElseThrow(() -> noSuchMailbox(canonical));
            boolean hasChildren = index.mailboxes(user).stream()
                    .anyMatch(r -> r.name().startsWith(canonical + DELIMITER));
            if (hasChildren) {
                throw new StoreException(Reason.NOT_ALLOWED, "mailbox has children; delete them first: " + canonical);
            }
            // Under the mailbox's lock: a copy, move, flag change or expunge in progress finishes
            // first, and one waiting for the lock then finds the mailbox gone.
            MailboxState state = state(box.id());
            state.lock.lock();
            Path doomed;
            try {
                settle(state);
                // Out of the way first, in one atomic step: an append that is still writing into
                // the folder's tmp/ (it takes the lock only to commit) cannot keep the folder alive,
                // and a crash before the tree is gone leaves a directory recovery removes.
                doomed = layout.doomedDir(user);
                Path folder = layout.folderDir(user, canonical);
                try {
                    Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    doomed = folder; // the files were already gone: only the index row is left
                }
                try {
                    index.inTransaction(c -> {
                        index.deleteMailbox(c, box.id());
                        return null;
                    });
                } catch (RuntimeException e) {
                    if (!doomed.equals(folder)) {
                        putBack(doomed, folder);
                    }
                    throw e;
                }
                state.markDeleted();
                forget(box.id());
                usage.forget(user);
            } catch (IOException e) {
                throw DurableFiles.failure("cannot delete mailbox " + canonical, e);
            } finally {
                state.lock.unlock();
            }
            try {
                deleteRecursively(doomed);
            } catch (IOException e) {
                LOG.warn("mailbox {} of {} is deleted, but its files are not all gone ({}); the next start removes them",
                        canonical, user, e.toString());
            }
            events.publish(user, new MailboxEvent.Deleted(box.id()));
        }
    }

    @Override
    public Set<String> subscriptions(String user) {
        Path file = layout.userDir(user).resolve(SUBSCRIPTIONS);
        try {
            Set<String> names = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line);
                }
            }
            return names;
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw DurableFiles.failure("cannot read the subscriptions of " + user, e);
        }
    }

    @Override
    public void subscribe(String user, String name) {
        updateSubscriptions(user, MaildirLayout.canonicalName(name), true);
    }

    @Override
    public void unsubscribe(String user, String name) {
        updateSubscriptions(user, MaildirLayout.canonicalName(name), false);
    }

    private void updateSubscriptions(String user, String name, boolean add) {
        synchronized (userLock(user)) {
            Set<String> names = new LinkedHashSet<>(subscriptions(user));
            if (add ? names.add(name) : names.remove(name)) {
                try {
                    Path dir = layout.userDir(user);
                    Files.createDirectories(dir);
                    DurableFiles.replace(dir.resolve(SUBSCRIPTIONS),
                            (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw DurableFiles.failure("cannot save the subscriptions of " + user, e);
                }
                events.publishSubscription(user, name, add);
            }
        }
    }

    @Override
    public MailboxStatus status(MailboxId mailbox) {
        MailboxState state = state(mailbox);
        long uidNext;
        long highestModSeq;
        state.lock.lock();
        try {
            uidNext = state.uidNext();
            highestModSeq = state.highestModSeq();
            // A selected mailbox has its listing in memory: counting it costs microseconds where
            // the index's aggregate reads every row (most of a 100,000-message SELECT's time).
            MessageList listing = state.listingIfLoaded();
            if (listing != null) {
                MessageList.Totals totals = listing.totals();
                return new MailboxStatus(totals.messages(), totals.unseen(), uidNext, state.uidValidity(),
                        highestModSeq, totals.size());
            }
        } finally {
            state.lock.unlock();
        }
        MailboxRow row = index.mailbox(mailbox).orElseThrow(() -> noSuchMailbox(mailbox.toString()));
        return index.status(new MailboxRow(row.id(), row.owner(), row.name(), row.uidValidity(), uidNext,
                highestModSeq, row.specialUse()));
    }

    // ---- messages

    @Override
    public AppendResult append(MailboxId mailbox, InputStream message, Flags flags, Instant internalDate) {
        return appendAs(mailbox, message, flags, internalDate, names.next());
    }

    @Override
    public AppendResult append(MailboxId mailbox, InputStream message, Flags flags, Instant internalDate,
                               String deliveryId) {
        return appendAs(mailbox, message, flags, internalDate, checkDeliveryId(deliveryId));
    }

    /**
     * The delivery id becomes the unique part of the Maildir file name, so the answer survives
     * a crash with the file itself, whatever the index lost.
     */
    @Override
    public boolean containsDelivery(MailboxId mailbox, String deliveryId) {
        MailboxState box = state(mailbox);
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(box.cur(), checkDeliveryId(deliveryId) + ",*")) {
            return matches.iterator().hasNext();
        } catch (IOException e) {
            throw DurableFiles.failure("cannot look for delivery " + deliveryId, e);
        }
    }

    private static String checkDeliveryId(String deliveryId) {
        if (!DELIVERY_ID.matcher(deliveryId).matches()) {
            throw new IllegalArgumentException("bad delivery id: " + deliveryId);
        }
        return deliveryId;
    }

    private AppendResult appendAs(MailboxId mailbox, InputStream message, Flags flags, Instant internalDate,
                                  String unique) {
        MailboxState box = state(mailbox);
        Path tmp = box.tmp().resolve(unique);
        Pending staged;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            staged = stage(ch, tmp, unique, message, flags, internalDate);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw storeFailure(box, e);
        }
        try {
            return commitQueued(box, staged);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Writes the message into its file in {@code tmp/}. A message small enough for the journal is
     * read whole first and kept for its record; a larger one is copied through and fsynced.
     */
    private Pending stage(FileChannel ch, Path tmp, String unique, InputStream message, Flags flags,
                          Instant internalDate) throws IOException {
        boolean journaling = journal != null && journal.isJournaling();
        MessageHead head = MessageHead.read(message, journaling ? AppendJournal.MAX_CONTENT : 0);
        ByteBuffer buf = ByteBuffer.wrap(head.bytes(), 0, head.length());
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        boolean toJournal = head.complete() && journaling;
        long size = head.length() + (toJournal ? 0 : write(ch, message));
        // Maildir readers take the file's mtime as the message's arrival time, as Dovecot does.
        Files.setLastModifiedTime(tmp, FileTime.from(internalDate));
        if (!toJournal) {
            ch.force(false);
            MessageSummary parsed = MessageParser.parse(tmp);
            return new Pending(tmp, unique, size, flags, internalDate, parsed.encode(), parsed, null);
        }
        MessageSummary parsed = MessageParser.parse(head.stream());
        Journaled journaled = new Journaled(head.bytes(), head.length(), JournalRecord.crcOf(head.bytes(), 0, head.length()));
        return new Pending(tmp, unique, size, flags, internalDate, parsed.encode(), parsed, journaled);
    }

    /** Writes the stream to a new file; returns its size. */
    private static long write(FileChannel ch, InputStream in) throws IOException {
        long size = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
            ByteBuffer buf = ByteBuffer.wrap(buffer, 0, n);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            size += n;
        }
        return size;
    }

    /**
     * A message ready to be placed in a folder, with the unique part of its new name and what its
     * index row needs: a file staged in the folder's {@code tmp/}, or for a move the source file.
     */
    record Pending(Path file, String unique, long size, Flags flags, Instant internalDate, byte[] summary,
                           MessageSummary parsed, Journaled journaled) {
    }

    /** The bytes of a small message not fsynced, for its journal record. */
    record Journaled(byte[] content, int length, int crc) {
    }

    /**
     * Gives the staged messages their UIDs and puts them in place, in one critical section and
     * one index transaction, then makes the directory durable. On failure the files are back where
     * they were (in {@code tmp/}, or in the source folder of a move) for the caller to discard.
     */
    private List<AppendResult> commit(MailboxState box, List<Pending> pending) {
        List<Placed> placed;
        boolean interrupted = Thread.interrupted();
        try {
            box.lockLive();
            try {
                placed = commitLocked(box, pending, false);
            } finally {
                box.lock.unlock();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        makeDurable(box, placed);
        return placed.stream().map(Placed::result).toList();
    }

    /**
     * Commits one staged append. Appends to one mailbox are serialised by its lock, so the thread
     * that gets the lock commits every append queued for it meanwhile, in one index transaction
     * with one event (flat combining): with many writers, one commit serves many messages. Each
     * appender then waits for its own message to be durable, outside the lock.
     */
    private AppendResult commitQueued(MailboxState box, Pending pending) {
        QueuedAppend mine = new QueuedAppend(pending);
        box.appendQueue.add(mine);
        // The combiner writes files for others: an interrupt meant for this thread must not
        // close a channel under their writes (FileChannel closes on interrupt).
        boolean interrupted = Thread.interrupted();
        box.lock.lock();
        try {
            if (!mine.isDone()) {
                if (box.isDeletedLocked()) {
                    box.appendQueue.remove(mine);
                    throw noSuchMailbox(box.name());
                }
                List<QueuedAppend> batch = new ArrayList<>();
                for (QueuedAppend q; (q = box.appendQueue.poll()) != null; ) {
                    batch.add(q);
                }
                try {
                    List<Placed> placed = commitLocked(box, batch.stream().map(QueuedAppend::staged).toList(), true);
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).committed(placed.get(i));
                    }
                } catch (Throwable e) {
                    batch.forEach(q -> q.failed(e));
                }
            }
        } finally {
            box.lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Placed placed = mine.outcome();
        if (placed.failure() != null) {
            throw QueuedAppend.ownCopy(placed.failure());
        }
        makeDurable(box, List.of(placed));
        return placed.result();
    }

    /**
     * A message committed (its result, and its journal slot: null for the fsync protocol), or,
     * in a batch of appends, one that failed alone.
     */
    record Placed(AppendResult result, AppendJournal.Slot slot, RuntimeException failure) {
    }

    /**
     * Gives the staged messages their UIDs and puts them in place and in the index, in one
     * critical section (the caller holds the lock) and one index transaction, then writes their
     * journal records. A failure before the index commit puts every file back where it was (in
     * {@code tmp/}, or in the source folder of a move) for the callers to discard, except that
     * with {@code isolate} (a batch of independent appends) a message whose own rename fails is
     * the only one to fail. Records are written after the index commit, so a failed commit leaves
     * none that a replay could restore.
     */
    private List<Placed> commitLocked(MailboxState box, List<Pending> pending, boolean isolate) {
        int n = pending.size();
        Path[] targets = new Path[n];
        AppendJournal.Slot[] slots = new AppendJournal.Slot[n];
        RuntimeException[] failures = new RuntimeException[n];
        List<MessageRow> rows = new ArrayList<>(n);
        try {
            long modSeq = box.nextModSeq();
            for (int i = 0; i < n; i++) {
                Pending p = pending.get(i);
                long uid = box.nextUid();
                String info = MaildirFileName.infoFor(p.flags(), box.keywords());
                try {
                    slots[i] = p.journaled() == null ? null : reserve(box, p);
                    MaildirFileName name;
                    if (slots[i] != null) {
                        name = MaildirFileName.createJournaled(p.unique(), p.size(), slots[i].generation(),
                                p.journaled().crc(), uid, info);
                    } else {
                        if (p.journaled() != null) {
                            forceFile(p.file()); // no room in the journal: the fsync protocol
                        }
                        name = MaildirFileName.create(p.unique(), p.size(), uid, info);
                    }
                    Path target = box.cur().resolve(name.fileName());
                    Files.move(p.file(), target, StandardCopyOption.ATOMIC_MOVE);
                    targets[i] = target;
                    rows.add(new MessageRow(uid, modSeq, p.flags(), p.internalDate(), p.size(), name.fileName()));
                } catch (IOException | RuntimeException e) {
                    if (slots[i] != null) {
                        slots[i].cancel();
                        slots[i] = null;
                    }
                    if (!isolate) {
                        throw e;
                    }
                    failures[i] = e instanceof IOException io ? storeFailure(box, io) : (RuntimeException) e;
                }
            }
            usage.change(box.owner, rows.stream().mapToLong(MessageRow::size).sum(), () -> index.inTransaction(c -> {
                for (int i = 0, r = 0; i < n; i++) {
                    if (targets[i] != null) {
                        index.insertMessage(c, box.id, rows.get(r++), pending.get(i).summary(), pending.get(i).parsed());
                    }
                }
                // No counters row update: at load the folder's reservation, durable before any UID
                // or MODSEQ is used, wins over the index's counters anyway (MailboxState).
                return null;
            }));
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < n; i++) {
                if (slots[i] != null) {
                    slots[i].cancel();
                }
                if (targets[i] != null) {
                    putBack(targets[i], pending.get(i).file());
                }
            }
            if (e instanceof IOException io) {
                throw DurableFiles.failure("cannot store the message", io);
            }
            throw (RuntimeException) e;
        }
        List<Placed> results = new ArrayList<>(n);
        List<MessageRecord> records = new ArrayList<>(rows.size());
        MessageList listing = box.listingIfLoaded();
        for (int i = 0, r = 0; i < n; i++) {
            if (targets[i] == null) {
                results.add(new Placed(null, null, failures[i]));
                continue;
            }
            MessageRow row = rows.get(r++);
            results.add(new Placed(new AppendResult(box.id, box.uidValidity(), row.uid(), row.modSeq()),
                    record(box, pending.get(i), targets[i], slots[i]), null));
            records.add(row.record());
            if (listing != null) {
                listing.add(row);
            }
        }
        events.publish(box.owner, new MailboxEvent.Appended(box.id, records));
        return results;
    }

    /**
     * Writes a placed message's journal record; returns its slot, or null if the message took
     * the fsync protocol instead (no slot, or the record could not be written: the file is then
     * fsynced here and {@code cur/} by {@link #makeDurable}).
     */
    private AppendJournal.Slot record(MailboxState box, Pending p, Path target, AppendJournal.Slot slot) {
        if (slot == null) {
            return null;
        }
        try {
            slot.write(box.uidValidity(), relativeToMailRoot(target), p.internalDate().toEpochMilli(),
                    p.journaled().crc(), p.journaled().content(), p.journaled().length());
            box.journaled(slot.generation());
            return slot;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the journal record of {} ({}); fsyncing it instead", target, e.toString());
            try {
                forceFile(target);
            } catch (IOException io) {
                // cur/'s fsync in makeDurable reports the device's state; the file stays indexed
                LOG.error("cannot fsync {} either", target, io);
            }
            return null;
        }
    }

    /** Waits until the placed messages are durable: their journal records, or {@code cur/}. */
    private void makeDurable(MailboxState box, List<Placed> placed) {
        try {
            if (placed.stream().anyMatch(p -> p.slot() == null)) {
                box.curSync.sync();
            }
            for (Placed p : placed) {
                if (p.slot() != null) {
                    p.slot().awaitDurable();
                }
            }
        } catch (IOException e) {
            throw storeFailure(box, e);
        }
    }

    /** Room for the message's journal record, or null if the journal has none. */
    private AppendJournal.Slot reserve(MailboxState box, Pending p) throws IOException {
        // The record's path is the file's, relative to the mail root: bounded by the folder's plus
        // the longest name we make (unique part, S=, J=, U= and every flag letter).
        int pathBound = relativeToMailRoot(box.cur()).length() * 3 + p.unique().length() + 128;
        return journal.reserve(pathBound, p.journaled().length());
    }

    /** A path under the mail root, relative to it ({@code Path.relativize} costs more than the rest of a record). */
    private String relativeToMailRoot(Path file) {
        return file.toString().substring(layout.mailRoot().toString().length() + 1);
    }

    private static void forceFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        }
    }

    /**
     * Under the mailbox's lock, before a journaled file of it is deleted, moved or linked: waits
     * until the journal's checkpoint covers it, so that no replay can bring it back.
     */
    private void settle(MailboxState box) throws IOException {
        if (journal != null && box.journalGeneration() > journal.checkpointed()) {
            journal.settle(box.journalGeneration());
        }
    }

    /** Before files of several mailboxes go (an account's deletion): every journaled file durable. */
    private void settleAll() {
        if (journal == null) {
            return;
        }
        try {
            journal.settleAll();
        } catch (IOException e) {
            throw DurableFiles.failure("cannot make recent messages durable", e);
        }
    }

    @Override
    public List<MessageRecord> messages(MailboxId mailbox) {
        return messages(mailbox, UidSet.ALL);
    }

    @Override
    public List<MessageRecord> messages(MailboxId mailbox, UidSet uids) {
        MailboxState box = state(mailbox);
        box.lock.lock();
        try {
            return listing(box).records(uids);
        } finally {
            box.lock.unlock();
        }
    }

    @Override
    public List<MessageRecord> changedSince(MailboxId mailbox, UidSet uids, long modSeq) {
        MailboxState box = state(mailbox);
        box.lock.lock();
        try {
            return listing(box).records(uids, modSeq);
        } finally {
            box.lock.unlock();
        }
    }

    /** The mailbox's listing, read from the index the first time. Under the mailbox lock. */
    private MessageList listing(MailboxState box) {
        MessageList list = box.listingIfLoaded();
        if (list == null) {
            list = MessageList.of(index.messages(box.id));
            box.setListing(list);
        }
        return list;
    }

    @Override
    public MessageSummary summary(MailboxId mailbox, long uid) {
        Optional<byte[]> bytes = index.summary(mailbox, uid);
        if (bytes.isPresent()) {
            return MessageSummary.decode(bytes.get());
        }
        MailboxState box = state(mailbox);
        try {
            MessageRow row = rows(box, UidSet.of(uid)).stream().findFirst().orElseThrow(() -> noSuchMessage(mailbox, uid));
            return MessageSummary.decode(summaryOf(box, row, MessageFiles.require(box, row)));
        } catch (IOException e) {
            throw DurableFiles.failure("cannot read message " + uid, e);
        }
    }

    @Override
    public List<SortKeys> sortKeys(MailboxId mailbox, UidSet uids) {
        MailboxState box = state(mailbox);
        // Under the lock the listing and the index agree: a first request reads the mailbox's
        // keys in one scan while appends wait, the next ones read memory (MessageList).
        box.lock.lock();
        try {
            return listing(box).sortKeys(uids, (set, sink) -> index.sortKeys(mailbox, set, sink),
                    uid -> remadeSortKeys(mailbox, uid));
        } finally {
            box.lock.unlock();
        }
    }

    /**
     * The keys of a message the index lost (or a kill during the schema-3 backfill), made again
     * from the summary, itself parsed again from the file if it is lost too; null if it is gone.
     */
    private SortKeys remadeSortKeys(MailboxId mailbox, long uid) {
        try {
            SortKeys made = SortKeys.of(uid, summary(mailbox, uid));
            index.inTransaction(c -> {
                MessageIndex.putSortKeys(c, mailbox, made);
                return null;
            });
            return made;
        } catch (StoreException e) {
            if (e.reason() != Reason.NO_SUCH_MESSAGE) {
                throw e;
            }
            return null;
        }
    }

    /** The index rows of these UIDs, checked against their file names. */
    private List<MessageRow> rows(MailboxState box, UidSet uids) {
        return MessageFiles.checked(box, uids, index.messages(box.id, uids));
    }

    /**
     * A message's summary from the index or, if the index lost it (the files are the truth),
     * parsed again from its file and recorded.
     */
    private byte[] summaryOf(MailboxState box, MessageRow row, Path file) throws IOException {
        Optional<byte[]> stored = index.summary(box.id, row.uid());
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] summary = MessageFiles.summarise(file);
        index.inTransaction(c -> {
            index.putSummary(c, box.id, row.uid(), summary);
            return null;
        });
        return summary;
    }

    @Override
    public InputStream content(MailboxId mailbox, long uid, long offset, long length) {
        MailboxState box = state(mailbox);
        // A flag change renames the file: if the name we found is gone, look again.
        for (int attempt = 0; attempt < 3; attempt++) {
            List<MessageRow> rows = rows(box, UidSet.of(uid));
            if (rows.isEmpty()) {
                throw noSuchMessage(mailbox, uid);
            }
            try {
                Optional<Path> file = MessageFiles.locate(box, rows.get(0));
                if (file.isEmpty()) {
                    continue;
                }
                FileChannel ch = FileChannel.open(file.get(), StandardOpenOption.READ);
                long start = Math.min(offset, ch.size());
                long end = Math.min(ch.size(), start + Math.max(0, length));
                ch.position(start);
                return new RangeInputStream(Channels.newInputStream(ch), end - start);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw DurableFiles.failure("cannot read message " + uid, e);
            }
        }
        throw noSuchMessage(mailbox, uid);
    }

    @Override
    public List<MessageRecord> setFlags(MailboxId mailbox, UidSet uids, FlagUpdate how, Flags flags) {
        return setFlags(mailbox, uids, how, flags, Long.MAX_VALUE).changed();
    }

    @Override
    public ExpungedUids expungedSince(MailboxId mailbox, long modSeq) {
        state(mailbox);
        return index.expungedSince(mailbox, modSeq);
    }

    @Override
    public FlagChange setFlags(MailboxId mailbox, UidSet uids, FlagUpdate how, Flags flags, long unchangedSince) {
        MailboxState box = state(mailbox);
        List<MessageRecord> changed = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        box.lockLive();
        try {
            List<MessageRow> updated = new ArrayList<>();
            long modSeq = 0;
            for (MessageRow row : rows(box, uids)) {
                if (row.modSeq() > unchangedSince) {
                    modified.add(row.uid());
                    continue;
                }
                Flags newFlags = how.apply(row.flags(), flags);
                if (newFlags.equals(row.flags())) {
                    continue;
                }
                if (modSeq == 0) {
                    modSeq = box.nextModSeq();
                }
                Path file = MessageFiles.require(box, row);
                MaildirFileName name = MaildirFileName.parse(file.getFileName().toString())
                        .withInfo(MaildirFileName.infoFor(newFlags, box.keywords()));
                renameInCur(box, file.getFileName().toString(), name.fileName());
                updated.add(row.withFlags(newFlags, modSeq, name.fileName()));
            }
            if (updated.isEmpty()) {
                return new FlagChange(List.of(), modified);
            }
            index.inTransaction(c -> {
                for (MessageRow row : updated) {
                    index.updateFlags(c, mailbox, row);
                }
                index.updateCounters(c, mailbox, box.uidNext(), box.highestModSeq());
                return null;
            });
            MessageList listing = box.listingIfLoaded();
            for (MessageRow row : updated) {
                changed.add(row.record());
                if (listing != null) {
                    listing.update(row);
                }
            }
            events.publish(box.owner, new MailboxEvent.FlagsChanged(mailbox, changed));
            return new FlagChange(changed, modified);
        } catch (IOException e) {
            throw DurableFiles.failure("cannot change flags", e);
        } finally {
            box.lock.unlock();
        }
    }

    private static void renameInCur(MailboxState box, String from, String to) throws IOException {
        if (!from.equals(to)) {
            // Flag renames are not fsynced: after a crash the index reconciles with the name on disk.
            Files.move(box.cur().resolve(from), box.cur().resolve(to), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public List<Long> expunge(MailboxId mailbox, UidSet uids) {
        return removeMessages(mailbox, uids, true);
    }

    @Override
    public List<Long> remove(MailboxId mailbox, UidSet uids) {
        return removeMessages(mailbox, uids, false);
    }

    private List<Long> removeMessages(MailboxId mailbox, UidSet uids, boolean onlyDeleted) {
        MailboxState box = state(mailbox);
        box.lockLive();
        try {
            List<MessageRow> doomed = rows(box, uids).stream()
                    .filter(r -> !onlyDeleted || r.flags().has(SystemFlag.DELETED)).toList();
            if (doomed.isEmpty()) {
                return List.of();
            }
            settle(box);
            List<Long> removed = expungeLocked(box, doomed, true);
            box.curSync.sync();
            return removed;
        } catch (IOException e) {
            throw DurableFiles.failure("cannot expunge", e);
        } finally {
            box.lock.unlock();
        }
    }

    /**
     * Deletes the rows, then the files unless they are gone already (moved away), and tells the
     * watchers. Under the mailbox lock.
     */
    private List<Long> expungeLocked(MailboxState box, List<MessageRow> doomed, boolean deleteFiles) throws IOException {
        long modSeq = box.nextModSeq();
        List<Long> removed = doomed.stream().map(MessageRow::uid).toList();
        // Rows first: a crash after this leaves files whose UIDs are marked expunged, which
        // recovery deletes, rather than messages that come back.
        usage.change(box.owner, -doomed.stream().mapToLong(MessageRow::size).sum(), () -> index.inTransaction(c -> {
            index.expunge(c, box.id, removed, modSeq);
            index.updateCounters(c, box.id, box.uidNext(), box.highestModSeq());
            return null;
        }));
        if (box.listingIfLoaded() != null) {
            box.listingIfLoaded().remove(removed);
        }
        if (deleteFiles) {
            for (MessageRow row : doomed) {
                Optional<Path> file = MessageFiles.locate(box, row);
                if (file.isPresent()) {
                    Files.deleteIfExists(file.get());
                }
            }
        }
        events.publish(box.owner, new MailboxEvent.Expunged(box.id, removed, modSeq));
        return removed;
    }

    @Override
    public UidMapping copy(MailboxId from, UidSet uids, MailboxId to) {
        return transfer(from, uids, to, false);
    }

    @Override
    public UidMapping move(MailboxId from, UidSet uids, MailboxId to) {
        return transfer(from, uids, to, true);
    }

    /**
     * Copies by hard link (the bytes are written once) or moves by rename, then commits the
     * destination rows in one transaction. A move renames each file straight from the source's
     * {@code cur/} into the target's {@code cur/}, never through {@code tmp/}: recovery empties
     * {@code tmp/}, so a crash there would lose the message from both folders.
     */
    private UidMapping transfer(MailboxId from, UidSet uids, MailboxId to, boolean move) {
        MailboxState source = state(from);
        MailboxState target = state(to);
        if (from.equals(to) && move) {
            throw new StoreException(Reason.NOT_ALLOWED, "cannot move messages into their own mailbox");
        }
        // Both locks in a fixed order, so opposite transfers cannot deadlock.
        MailboxState first = from.value() <= to.value() ? source : target;
        MailboxState second = first == source ? target : source;
        first.lockLive();
        try {
            second.lockLive();
        } catch (StoreException gone) {
            first.lock.unlock();
            throw gone;
        }
        try {
            List<MessageRow> rows = rows(source, uids);
            if (rows.isEmpty()) {
                return new UidMapping(target.uidValidity(), List.of(), List.of());
            }
            settle(source);
            List<Pending> pending = new ArrayList<>(rows.size());
            for (MessageRow row : rows) {
                Path file = MessageFiles.require(source, row);
                byte[] summary = summaryOf(source, row, file);
                String unique = names.next();
                Path staged = move ? file : target.tmp().resolve(unique);
                if (!move) {
                    linkOrCopy(file, staged);
                }
                pending.add(new Pending(staged, unique, row.size(), row.flags(), row.internalDate(), summary,
                        MessageSummary.decode(summary), null));
            }
            List<AppendResult> placed;
            try {
                placed = commit(target, pending);
            } catch (RuntimeException e) {
                // commit put moved files back into the source; copies' staged links are ours to remove
                if (!move) {
                    pending.forEach(p -> deleteQuietly(p.file()));
                }
                throw e;
            }
            if (move) {
                expungeLocked(source, rows, false);
                source.curSync.sync();
            }
            return new UidMapping(target.uidValidity(), rows.stream().map(MessageRow::uid).toList(),
                    placed.stream().map(AppendResult::uid).toList());
        } catch (IOException e) {
            throw DurableFiles.failure(move ? "cannot move messages" : "cannot copy messages", e);
        } finally {
            second.lock.unlock();
            first.lock.unlock();
        }
    }

    private static void linkOrCopy(Path file, Path staged) throws IOException {
        try {
            Files.createLink(staged, file);
        } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof FileAlreadyExistsException fae) {
                throw fae;
            }
            Files.copy(file, staged);
            try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
        }
    }

    /** Undoes a rename after a failure; never throws, since it runs while another error is thrown. */
    private static void putBack(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("cannot put {} back to {}; recovery at the next start will index it", from, to, e);
        }
    }

    // ---- storage

    @Override
    public long storageUsed(String user) {
        return usage.used(user);
    }

    @Override
    public OptionalLong storageUsedIfKnown(String user) {
        return usage.usedIfKnown(user);
    }

    // ---- events

    @Override
    public Registration watch(MailboxId mailbox, MailboxListener listener) {
        return events.register(mailbox, listener);
    }

    @Override
    public Registration watchUser(String user, UserListener listener) {
        return events.registerUser(user, listener);
    }

    // ---- state

    MailboxState state(MailboxId id) {
        MailboxState state = states.get(id);
        if (state != null) {
            return state;
        }
        return states.computeIfAbsent(id, this::loadState);
    }

    private MailboxState loadState(MailboxId id) {
        MailboxRow row = index.mailbox(id).orElseThrow(() -> noSuchMailbox(id.toString()));
        Path dir = layout.folderDir(row.owner(), row.name());
        try {
            FolderMeta meta = FolderMeta.load(dir).orElseThrow(() -> new StoreException(Reason.IO_ERROR,
                    "the folder of " + row.name() + " has lost its " + FolderMeta.FILE + "; run facteur reindex"));
            return new MailboxState(id, row.owner(), row.name(), dir, meta, row.uidNext(), row.highestModSeq(),
                    KeywordLetters.load(dir));
        } catch (IOException e) {
            throw DurableFiles.failure("cannot open mailbox " + row.name(), e);
        }
    }

    private void forget(MailboxId id) {
        states.remove(id);
    }

    private Object userLock(String user) {
        return userLocks.computeIfAbsent(user, k -> new Object());
    }

    /** An I/O failure of a write, or "no such mailbox" if a DELETE took the folder away under it. */
    private static StoreException storeFailure(MailboxState box, IOException e) {
        return box.isDeleted() ? noSuchMailbox(box.name()) : DurableFiles.failure("cannot store the message", e);
    }

    private static StoreException noSuchMailbox(String name) {
        return new StoreException(Reason.NO_SUCH_MAILBOX, "no such mailbox: " + name);
    }

    private static StoreException noSuchMessage(MailboxId mailbox, long uid) {
        return new StoreException(Reason.NO_SUCH_MESSAGE, "no message " + uid + " in " + mailbox);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: recovery removes what is left in tmp/
        }
    }

    /**
     * Deletes a tree, in a few passes if need be: a writer that opened a file in it before it was
     * moved away (an append racing a DELETE) may add a file after a pass listed the directory.
     */
    static void deleteRecursively(Path root) throws IOException {
        for (int pass = 1; ; pass++) {
            try {
                deleteTreeOnce(root);
                return;
            } catch (DirectoryNotEmptyException | UncheckedIOException e) {
                if (pass == 3) {
                    throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                }
            }
        }
    }

    private static void deleteTreeOnce(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** Records the exact counters of every open mailbox, so a clean restart has no UID gap. */
    @Override
    public void close() {
        // Before the counters: the checkpoint makes every journaled file durable by itself.
        closeJournal();
        if (processLock != null) {
            for (MailboxState state : states.values()) {
                state.lock.lock();
                try {
                    state.saveExactCounters();
                } catch (IOException | RuntimeException e) {
                    // Harmless: the next start continues above the reservation instead.
                } finally {
                    state.lock.unlock();
                }
            }
        }
        if (ownsDatabase) {
            db.close();
        }
        release(processLock);
    }
}
