package org.facteur.mailbox.index;

import java.time.Instant;

import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;

/** A message as the index records it: its listing fields and where its file is. */
public record MessageRow(long uid, long modSeq, Flags flags, Instant internalDate, long size, String fileName) {

    public MessageRecord record() {
        return new MessageRecord(uid, modSeq, flags, internalDate, size);
    }

    public MessageRow withFlags(Flags newFlags, long newModSeq, String newFileName) {
        return new MessageRow(uid, newModSeq, newFlags, internalDate, size, newFileName);
    }
}
