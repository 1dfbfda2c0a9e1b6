package org.facteur.mailbox;

import java.util.List;

/**
 * What a conditional flag change did (RFC 7162 3.1.3).
 *
 * @param changed  the messages whose flags changed, with their new MODSEQ, in UID order
 * @param modified the UIDs left alone because their MODSEQ was above UNCHANGEDSINCE, ascending
 */
public record FlagChange(List<MessageRecord> changed, List<Long> modified) {

    public FlagChange {
        changed = List.copyOf(changed);
        modified = List.copyOf(modified);
    }
}
