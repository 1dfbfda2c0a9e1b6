package org.facteur.mailbox;

import java.time.Instant;

/** What a mailbox listing holds per message: enough for SELECT, FETCH FLAGS and POP3 LIST. */
public record MessageRecord(long uid, long modSeq, Flags flags, Instant internalDate, long size) {
}
