package org.facteur.mailbox;

import java.util.Optional;

/**
 * One mailbox of a user. {@code name} is the full hierarchical name in Unicode with
 * {@link MailStore#DELIMITER} between levels ("Work/Projects"); INBOX is always "INBOX".
 */
public record MailboxInfo(MailboxId id, String owner, String name, long uidValidity,
                          Optional<SpecialUse> specialUse) {
}
