package org.facteur.mailbox;

import java.util.List;

/**
 * The UIDs expunged from a mailbox after a MODSEQ, for QRESYNC (RFC 7162 3.2.5.1, 3.2.6).
 *
 * @param uids     ascending
 * @param complete false when the store does not remember every expunge after that MODSEQ (its
 *                 memory starts later): then any UID absent from the mailbox may have been
 *                 expunged since, and a client must be told of each one it asks about
 */
public record ExpungedUids(List<Long> uids, boolean complete) {

    public ExpungedUids {
        uids = List.copyOf(uids);
    }
}
