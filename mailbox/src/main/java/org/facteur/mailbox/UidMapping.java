package org.facteur.mailbox;

import java.util.List;

/**
 * The result of a copy or move: source UID i became destination UID i, for COPYUID
 * (RFC 4315). Source UIDs that no longer existed are absent from both lists.
 */
public record UidMapping(long destinationUidValidity, List<Long> sourceUids, List<Long> destinationUids) {

    public UidMapping {
        if (sourceUids.size() != destinationUids.size()) {
            throw new IllegalArgumentException("source and destination UID lists differ in length");
        }
        sourceUids = List.copyOf(sourceUids);
        destinationUids = List.copyOf(destinationUids);
    }

    public boolean isEmpty() {
        return sourceUids.isEmpty();
    }
}
