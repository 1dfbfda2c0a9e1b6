package org.facteur.mailbox.index;

import java.util.Optional;

import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.SpecialUse;

/** A mailbox as the index records it. */
public record MailboxRow(MailboxId id, String owner, String name, long uidValidity, long uidNext,
                         long highestModSeq, Optional<SpecialUse> specialUse) {

    public MailboxInfo info() {
        return new MailboxInfo(id, owner, name, uidValidity, specialUse);
    }
}
