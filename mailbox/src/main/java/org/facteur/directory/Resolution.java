package org.facteur.directory;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a recipient address becomes: local users to deliver to and remote addresses to forward to
 * ({@link Status#DELIVER}), or no one ({@link Status#UNKNOWN}: reject with {@code 550 5.1.1}), or
 * nothing the directory decides ({@link Status#NOT_LOCAL_DOMAIN}: the SMTP layer's relay rules
 * apply).
 *
 * @param status what kind of answer this is
 * @param localUsers canonical addresses of the local users to deliver to, without duplicates
 * @param remoteAddresses canonical addresses in other domains to forward to, without duplicates
 */
public record Resolution(Status status, Set<String> localUsers, Set<String> remoteAddresses) {

    public enum Status {
        /** At least one local user or remote address receives the message. */
        DELIVER,
        /** The domain is local but nothing in it takes this address. */
        UNKNOWN,
        /** The domain is not one of ours. */
        NOT_LOCAL_DOMAIN
    }

    private static final Resolution UNKNOWN = new Resolution(Status.UNKNOWN, Set.of(), Set.of());
    private static final Resolution NOT_LOCAL = new Resolution(Status.NOT_LOCAL_DOMAIN, Set.of(), Set.of());

    public Resolution {
        boolean empty = localUsers.isEmpty() && remoteAddresses.isEmpty();
        if (empty != (status != Status.DELIVER)) {
            throw new IllegalArgumentException("a " + status + " resolution with users " + localUsers
                    + " and remote addresses " + remoteAddresses);
        }
        // Unmodifiable, keeping the order of expansion so that logs read naturally.
        localUsers = Collections.unmodifiableSet(new LinkedHashSet<>(localUsers));
        remoteAddresses = Collections.unmodifiableSet(new LinkedHashSet<>(remoteAddresses));
    }

    static Resolution deliver(Set<String> localUsers, Set<String> remoteAddresses) {
        return new Resolution(Status.DELIVER, localUsers, remoteAddresses);
    }

    static Resolution unknown() {
        return UNKNOWN;
    }

    static Resolution notLocalDomain() {
        return NOT_LOCAL;
    }

    public boolean isDeliverable() {
        return status == Status.DELIVER;
    }
}
