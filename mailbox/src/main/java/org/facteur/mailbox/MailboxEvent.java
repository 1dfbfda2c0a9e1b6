package org.facteur.mailbox;

import java.util.List;

/**
 * A change to one mailbox, published after it is committed, for IMAP IDLE and the untagged
 * updates other sessions need (RFC 3501 5.2, 7.3.1, 7.4.1), and for NOTIFY's view of all the
 * user's mailboxes (RFC 5465) through {@link MailStore#watchUser}.
 */
public sealed interface MailboxEvent {

    MailboxId mailbox();

    /** New messages, in ascending UID order. */
    record Appended(MailboxId mailbox, List<MessageRecord> messages) implements MailboxEvent {
    }

    /** Messages removed for good; {@code modSeq} is the mailbox's new HIGHESTMODSEQ. */
    record Expunged(MailboxId mailbox, List<Long> uids, long modSeq) implements MailboxEvent {
    }

    /** Messages whose flags changed, with their new flags and MODSEQ. */
    record FlagsChanged(MailboxId mailbox, List<MessageRecord> messages) implements MailboxEvent {
    }

    record Renamed(MailboxId mailbox, String oldName, String newName) implements MailboxEvent {
    }

    record Deleted(MailboxId mailbox) implements MailboxEvent {
    }

    /**
     * A new mailbox (by CREATE, as a missing parent, or as RENAME INBOX's target). Only user
     * watchers see it: nobody can watch a mailbox before it exists.
     */
    record Created(MailboxId mailbox, String name) implements MailboxEvent {
    }
}
