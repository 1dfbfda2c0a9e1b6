package org.facteur.mailbox.maildir.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the children of one data directory acknowledged, in the order they said it: what the
 * store must show after recovery. It also catches, as the lines arrive, what is wrong already
 * then: a UIDVALIDITY that changed, a UID given twice, a UID that went back after a crash.
 */
final class Ledger {

    /** Where a message lives: a mailbox name and a UID. */
    record Place(String mailbox, long uid) {
        @Override
        public String toString() {
            return mailbox + " UID " + uid;
        }
    }

    private final Map<Long, Place> acknowledged = new HashMap<>();
    private final Map<Long, Place> moving = new HashMap<>();
    private final Set<Long> expunging = new HashSet<>();
    private final Set<Long> expunged = new HashSet<>();
    private final Set<Long> flagged = new HashSet<>();
    private final Map<Place, Long> owners = new HashMap<>();
    private final Map<String, Long> uidValidities = new HashMap<>();
    private final Map<String, Long> highestUid = new HashMap<>();
    private Map<String, Long> uidFloor = Map.of();
    private final List<String> violations = new ArrayList<>();
    private int lines;

    /** A new child starts: every UID it hands out must be above what earlier children acknowledged. */
    synchronized void childStarting() {
        uidFloor = new HashMap<>(highestUid);
    }

    synchronized void accept(String line) {
        lines++;
        String[] f = line.split(" ");
        switch (CrashLine.valueOf(f[0])) {
            case OPEN -> checkUidValidity(f[1], Long.parseLong(f[2]));
            case READY -> { }
            case ACK -> place(Long.parseLong(f[1]), new Place(f[2], Long.parseLong(f[3])));
            case MOVING -> moving.put(Long.parseLong(f[1]), acknowledged.get(Long.parseLong(f[1])));
            case MOVED -> {
                moving.remove(Long.parseLong(f[1]));
                place(Long.parseLong(f[1]), new Place(f[2], Long.parseLong(f[3])));
            }
            case EXPUNGING -> expunging.add(Long.parseLong(f[1]));
            case EXPUNGED -> {
                long id = Long.parseLong(f[1]);
                expunging.remove(id);
                acknowledged.remove(id);
                expunged.add(id);
            }
            case FLAGGING -> { }
            case FLAGGED -> flagged.add(Long.parseLong(f[1]));
            default -> throw new IllegalStateException(line);
        }
    }

    private void checkUidValidity(String mailbox, long uidValidity) {
        Long first = uidValidities.putIfAbsent(mailbox, uidValidity);
        if (first != null && first != uidValidity) {
            violations.add("UIDVALIDITY of " + mailbox + " changed from " + first + " to " + uidValidity);
        }
    }

    private void place(long id, Place place) {
        Long owner = owners.putIfAbsent(place, id);
        if (owner != null && owner != id) {
            violations.add(place + " was acknowledged for message " + owner + " and again for " + id);
        }
        long floor = uidFloor.getOrDefault(place.mailbox(), 0L);
        if (place.uid() <= floor) {
            violations.add(place + " given to " + id + " after a restart, not above the "
                    + floor + " acknowledged before it");
        }
        highestUid.merge(place.mailbox(), place.uid(), Math::max);
        acknowledged.put(id, place);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized int lines() {
        return lines;
    }

    synchronized int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Where an acknowledged message must be; absent if it was expunged or never acknowledged. */
    synchronized Map<Long, Place> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** The place a UID was acknowledged for, to tell a reused UID. */
    synchronized Long owner(Place place) {
        return owners.get(place);
    }

    synchronized boolean wasExpunged(long id) {
        return expunged.contains(id);
    }

    /** An expunge that was under way at a kill: the message may or may not be there. */
    synchronized boolean mayBeExpunged(long id) {
        return expunging.contains(id);
    }

    /** A move under way at a kill: where the message was before it. */
    synchronized Place movingFrom(long id) {
        return moving.get(id);
    }

    synchronized boolean wasFlagged(long id) {
        return flagged.contains(id);
    }

    synchronized Map<String, Long> uidValidities() {
        return Map.copyOf(uidValidities);
    }
}
