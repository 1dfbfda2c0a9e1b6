package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.facteur.files.DirectorySync;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SpecialUse;
import org.facteur.mailbox.StoreException;

/**
 * The live counters of one mailbox in the serving process. Its lock orders every change to the
 * mailbox, so UIDs and MODSEQs are handed out and become visible in ascending order; the slow
 * part of an append (writing and syncing the file) happens before the lock is taken.
 */
final class MailboxState {

    /** UIDs and MODSEQs reserved per durable write of the folder's meta file. */
    static final long RESERVE_BLOCK = 1000;
    private static final long MAX_UID = 0xFFFF_FFFFL;

    final MailboxId id;
    final String owner;
    final ReentrantLock lock = new ReentrantLock();
    /** Appends staged and waiting for {@link #lock}: the next holder commits them all. */
    final Queue<QueuedAppend> appendQueue = new ConcurrentLinkedQueue<>();
    /** The fsyncs of {@code cur/}, shared by concurrent appends. */
    final DirectorySync curSync = new DirectorySync(this::cur);

    private volatile String name;
    private volatile Path dir;
    private volatile boolean deleted;
    private volatile KeywordLetters keywords;
    private final long uidValidity;
    private Optional<SpecialUse> specialUse;
    private long uidNext;
    private long highestModSeq;
    private long reservedUid;
    private long reservedModSeq;
    private MessageList listing;
    /** The journal generation of this mailbox's newest journaled append (0: none). */
    private volatile long journalGeneration;

    MailboxState(MailboxId id, String owner, String name, Path dir, FolderMeta meta, long uidNext,
                 long highestModSeq, KeywordLetters keywords) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.dir = dir;
        this.keywords = keywords;
        this.uidValidity = meta.uidValidity();
        this.specialUse = meta.specialUse();
        this.reservedUid = meta.reservedUid();
        this.reservedModSeq = meta.reservedModSeq();
        // After an unclean stop the index may have lost counters; the reservation never goes back.
        this.uidNext = Math.max(uidNext, meta.reservedUid() + 1);
        this.highestModSeq = Math.max(highestModSeq, meta.reservedModSeq());
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Path cur() {
        return dir.resolve("cur");
    }

    Path tmp() {
        return dir.resolve("tmp");
    }

    KeywordLetters keywords() {
        return keywords;
    }

    long uidValidity() {
        return uidValidity;
    }

    /**
     * Takes {@link #lock} for a change to a mailbox that must still exist: a change that waited
     * for the lock while the mailbox was being deleted gets "no such mailbox" instead of writing
     * into a folder that is gone.
     */
    void lockLive() {
        lock.lock();
        if (deleted) {
            lock.unlock();
            throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox: " + name);
        }
    }

    /**
     * Whether the mailbox is deleted, after waiting for a deletion in progress (it holds the
     * lock): an I/O error it caused, such as a folder gone under a write, is then seen as one.
     */
    boolean isDeleted() {
        lock.lock();
        try {
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the mailbox is deleted, for a holder of {@link #lock}. */
    boolean isDeletedLocked() {
        return deleted;
    }

    /** Under {@link #lock}: the mailbox is deleted; later {@link #lockLive} calls fail. */
    void markDeleted() {
        deleted = true;
    }

    /** Under {@link #lock}. */
    long uidNext() {
        return uidNext;
    }

    /** Under {@link #lock}. */
    long highestModSeq() {
        return highestModSeq;
    }

    void moved(String newName, Path newDir) throws IOException {
        this.name = newName;
        this.dir = newDir;
        this.keywords = KeywordLetters.load(newDir);
    }

    long journalGeneration() {
        return journalGeneration;
    }

    /** Under {@link #lock}: a message of this mailbox was journaled in this generation. */
    void journaled(long generation) {
        journalGeneration = Math.max(journalGeneration, generation);
    }

    /** The in-memory listing, or null until someone asked for it. Under {@link #lock}. */
    MessageList listingIfLoaded() {
        return listing;
    }

    /** Under {@link #lock}. */
    void setListing(MessageList listing) {
        this.listing = listing;
    }

    /** Makes sure UIDs continue above one found on disk. Under {@link #lock}. */
    void raiseUidNext(long atLeast) {
        uidNext = Math.max(uidNext, atLeast);
    }

    /** The next UID, durably reserved before it is handed out. Under {@link #lock}. */
    long nextUid() throws IOException {
        if (uidNext > MAX_UID) {
            throw new StoreException(StoreException.Reason.NOT_ALLOWED, "the mailbox has used every UID");
        }
        long uid = uidNext++;
        if (uid > reservedUid) {
            reservedUid = Math.min(uid + RESERVE_BLOCK, MAX_UID);
            saveMeta();
        }
        return uid;
    }

    /** The next MODSEQ, durably reserved before it is handed out. Under {@link #lock}. */
    long nextModSeq() throws IOException {
        long modSeq = ++highestModSeq;
        if (modSeq > reservedModSeq) {
            reservedModSeq = modSeq + RESERVE_BLOCK;
            saveMeta();
        }
        return modSeq;
    }

    /** Records exactly what was used, so a clean restart continues without a gap. Under {@link #lock}. */
    void saveExactCounters() throws IOException {
        reservedUid = uidNext - 1;
        reservedModSeq = highestModSeq;
        saveMeta();
    }

    private void saveMeta() throws IOException {
        new FolderMeta(uidValidity, reservedUid, reservedModSeq, specialUse).store(dir);
    }
}
