package org.facteur.mailbox;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.facteur.mailbox.mime.MessageSummary;

/**
 * The mailbox store as the protocol servers see it: users' mailboxes and their messages, with
 * IMAP's guarantees (RFC 3501 2.3.1.1): UIDs strictly ascending and never reused within a
 * UIDVALIDITY, MODSEQ monotonic per mailbox (RFC 7162), and every change published to the
 * sessions watching the mailbox.
 *
 * <p>Users are named by their canonical address ({@code alice@example.org}, lowercase). Mailbox
 * names are Unicode with {@link #DELIMITER} between levels; {@link #INBOX} is case-insensitive.
 * Failures are {@link StoreException}s. Every method is safe to call from many threads.
 */
public interface MailStore extends AutoCloseable {

    String DELIMITER = "/";
    String INBOX = "INBOX";

    // ---- accounts

    /** Creates the user's INBOX and default folders (Sent, Drafts, Trash, Junk, Archive). Idempotent. */
    void createAccount(String user);

    /** Removes the user's mailboxes and their messages, files included. */
    void deleteAccount(String user);

    // ---- mailboxes

    /** The user's mailboxes, sorted by name. */
    List<MailboxInfo> mailboxes(String user);

    Optional<MailboxInfo> mailbox(String user, String name);

    /** Creates a mailbox and any missing parents (RFC 3501 6.3.3). */
    MailboxInfo createMailbox(String user, String name, Optional<SpecialUse> specialUse);

    /**
     * Renames a mailbox and its children, keeping UIDVALIDITY. Renaming INBOX moves its messages
     * to a new mailbox and leaves INBOX empty (RFC 3501 6.3.5).
     */
    void renameMailbox(String user, String from, String to);

    /** Deletes a mailbox and its messages. A mailbox with children cannot be deleted. INBOX cannot. */
    void deleteMailbox(String user, String name);

    /** Subscribed names; they need not exist (RFC 3501 6.3.6). */
    Set<String> subscriptions(String user);

    void subscribe(String user, String name);

    void unsubscribe(String user, String name);

    MailboxStatus status(MailboxId mailbox);

    // ---- messages

    /**
     * Stores a message durably: when this returns, the message survives a crash at any instant.
     * The stream is read to its end; its bytes are kept exactly.
     */
    AppendResult append(MailboxId mailbox, InputStream message, Flags flags, Instant internalDate);

    /**
     * Appends as {@link #append(MailboxId, InputStream, Flags, Instant)}, recording a delivery id
     * (letters, digits, '.', '-' and '_'; unique per delivery, e.g. a queue id and recipient) with
     * the message so that {@link #containsDelivery} can tell after a crash whether it was done.
     */
    AppendResult append(MailboxId mailbox, InputStream message, Flags flags, Instant internalDate, String deliveryId);

    /** Whether a message appended with this delivery id is in the mailbox: exactly-once delivery. */
    boolean containsDelivery(MailboxId mailbox, String deliveryId);

    /** Every message of the mailbox in ascending UID order. */
    List<MessageRecord> messages(MailboxId mailbox);

    /** The messages of a UID set, in ascending UID order. */
    List<MessageRecord> messages(MailboxId mailbox, UidSet uids);

    /**
     * The messages of a UID set whose MODSEQ is above {@code modSeq}, in ascending UID order
     * (RFC 7162 3.2.5.1: what a QRESYNC resync reports), without listing the others.
     */
    List<MessageRecord> changedSince(MailboxId mailbox, UidSet uids, long modSeq);

    /** The structure computed at append: envelope, body structure with byte offsets, search fields. */
    MessageSummary summary(MailboxId mailbox, long uid);

    /**
     * What SORT and THREAD read of the messages of a UID set, in ascending UID order, from short
     * index columns rather than the summaries; a message expunged meanwhile is left out.
     */
    List<SortKeys> sortKeys(MailboxId mailbox, UidSet uids);

    /**
     * Bytes {@code [offset, offset + length)} of a message's file, clamped to its end. A message
     * expunged meanwhile gives {@link StoreException.Reason#NO_SUCH_MESSAGE}.
     */
    InputStream content(MailboxId mailbox, long uid, long offset, long length);

    /** Changes flags (RFC 3501 6.4.6); returns the messages whose flags changed, with new MODSEQs. */
    List<MessageRecord> setFlags(MailboxId mailbox, UidSet uids, FlagUpdate how, Flags flags);

    /**
     * Changes flags only of the messages of the set whose MODSEQ is at most {@code unchangedSince}
     * (RFC 7162 3.1.3: STORE UNCHANGEDSINCE), checked and applied under one lock so that no other
     * change slips between the two; the others are reported as modified.
     */
    FlagChange setFlags(MailboxId mailbox, UidSet uids, FlagUpdate how, Flags flags, long unchangedSince);

    /**
     * The UIDs expunged from the mailbox with a MODSEQ above {@code modSeq} (RFC 7162 3.2.5.1).
     * The store remembers every expunge for as long as the mailbox exists, from the moment its
     * index row was made; an index rebuilt from the files starts a new memory.
     */
    ExpungedUids expungedSince(MailboxId mailbox, long modSeq);

    /** Removes the messages of the set that carry {@code \Deleted}; returns their UIDs. */
    List<Long> expunge(MailboxId mailbox, UidSet uids);

    /** Removes the messages of the set whatever their flags (POP3's DELE at QUIT). */
    List<Long> remove(MailboxId mailbox, UidSet uids);

    /** Copies messages, keeping their flags and internal dates (RFC 3501 6.4.7). */
    UidMapping copy(MailboxId from, UidSet uids, MailboxId to);

    /** Moves messages (RFC 6851): copy, then expunge from the source, as one step. */
    UidMapping move(MailboxId from, UidSet uids, MailboxId to);

    // ---- storage

    /**
     * The bytes the user's messages take over all their mailboxes (RFC 9208 5.1 STORAGE, in
     * bytes here): what a storage quota is checked against. Appends, copies and expunges count
     * from the moment they return.
     */
    long storageUsed(String user);

    /**
     * {@link #storageUsed} if the store knows it without a query, for a check made on a thread
     * that must not block (an IMAP literal's announcement on a Netty I/O thread).
     */
    OptionalLong storageUsedIfKnown(String user);

    // ---- events

    /** Delivers the mailbox's events to the listener until the returned handle is closed. */
    Registration watch(MailboxId mailbox, MailboxListener listener);

    /**
     * Delivers the events of every mailbox of the user, {@link MailboxEvent.Created} included, and
     * the changes to the user's subscriptions, until the returned handle is closed.
     */
    Registration watchUser(String user, UserListener listener);

    /** A listener's registration. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    void close();
}
