package org.facteur.mailbox;

/** Where an appended message went: what UIDPLUS's APPENDUID needs (RFC 4315). */
public record AppendResult(MailboxId mailbox, long uidValidity, long uid, long modSeq) {
}
