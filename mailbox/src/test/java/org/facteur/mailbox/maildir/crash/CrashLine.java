package org.facteur.mailbox.maildir.crash;

/**
 * The lines {@link CrashChild} prints. A verb in -ING announces a change that may or may not
 * survive a kill; its past form acknowledges it.
 */
enum CrashLine {
    /** {@code OPEN <mailbox> <uidvalidity>}: what recovery left, once per mailbox at start. */
    OPEN,
    /** Recovery is over; appends start. */
    READY,
    /** {@code ACK <id> <mailbox> <uid>}: the append returned. */
    ACK,
    /** {@code MOVING <id>}: about to move it from INBOX to Archive. */
    MOVING,
    /** {@code MOVED <id> <mailbox> <uid>}. */
    MOVED,
    /** {@code EXPUNGING <id>}. */
    EXPUNGING,
    /** {@code EXPUNGED <id>}: it must never come back. */
    EXPUNGED,
    /** {@code FLAGGING <id>}: about to add \Flagged. */
    FLAGGING,
    /** {@code FLAGGED <id>}: it must keep \Flagged. */
    FLAGGED
}
