package org.facteur.mailbox;

/** Counters of one mailbox at one instant, for SELECT and STATUS. */
public record MailboxStatus(long messages, long unseen, long uidNext, long uidValidity,
                            long highestModSeq, long totalSize) {
}
