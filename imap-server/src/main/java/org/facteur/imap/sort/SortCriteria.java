package org.facteur.imap.sort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;

/**
 * The sort criteria of RFC 5256 BASE.6.4.SORT, {@code (REVERSE DATE SUBJECT)}, as one comparator
 * over messages; messages equal by every criterion keep their mailbox order (sequence number).
 */
public final class SortCriteria {

    private final List<Key> keys;
    private final Comparator<Keyed> comparator;

    private SortCriteria(List<Key> keys, Comparator<Keyed> comparator) {
        this.keys = List.copyOf(keys);
        this.comparator = comparator;
    }

    /** One message with the values its criteria compare, each read once. */
    private record Keyed(SortMessage message, Object[] values) {
    }

    private enum Key {
        ARRIVAL(false, m -> m.record().internalDate()),
        CC(true, m -> mailbox(m.keys().ccMailbox())),
        DATE(true, SortMessage::sentDate),
        // RFC 5957 (SORT=DISPLAY): the display name, else the address, compared as CC..TO are.
        DISPLAYFROM(true, m -> upper(m.keys().fromDisplay())),
        DISPLAYTO(true, m -> upper(m.keys().toDisplay())),
        FROM(true, m -> mailbox(m.keys().fromMailbox())),
        SIZE(false, m -> m.record().size()),
        SUBJECT(true, m -> BaseSubject.of(m.keys().subject()).text()),
        TO(true, m -> mailbox(m.keys().toMailbox()));

        final boolean needsKeys;
        final Function<SortMessage, Comparable<?>> value;

        Key(boolean needsKeys, Function<SortMessage, Comparable<?>> value) {
            this.needsKeys = needsKeys;
            this.value = value;
        }
    }

    /**
     * RFC 5256 BASE.6.4.SORT: the addr-mailbox of the first ENVELOPE address, compared
     * case-insensitively; "" when there is none. For a group that is the group's name (its start
     * marker is the first address, RFC 3501 7.4.2), as Dovecot sorts it.
     */
    private static String mailbox(String firstMailbox) {
        return upper(firstMailbox);
    }

    private static String upper(String key) {
        return key == null ? "" : key.toUpperCase(Locale.ROOT);
    }

    /** {@code sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"}; sort-criterion = ["REVERSE" SP] sort-key. */
    public static SortCriteria parse(Arg arg) {
        if (!(arg instanceof Arg.Group group) || group.items().isEmpty()) {
            throw new BadCommandException("SORT needs a parenthesised list of sort criteria");
        }
        List<Key> keys = new ArrayList<>();
        List<Boolean> reversed = new ArrayList<>();
        boolean reverse = false;
        for (Arg item : group.items()) {
            String word = item instanceof Arg.Atom atom ? atom.text().toUpperCase(Locale.ROOT) : "";
            if (word.equals("REVERSE")) {
                if (reverse) {
                    throw new BadCommandException("REVERSE twice in a row");
                }
                reverse = true;
                continue;
            }
            Key key;
            try {
                key = Key.valueOf(word);
            } catch (IllegalArgumentException e) {
                throw new BadCommandException("unknown sort criterion " + item);
            }
            keys.add(key);
            reversed.add(reverse);
            reverse = false;
        }
        if (reverse) {
            throw new BadCommandException("REVERSE must precede a sort key");
        }
        Comparator<Keyed> comparator = null;
        for (int i = 0; i < keys.size(); i++) {
            int index = i;
            Comparator<Keyed> one = (a, b) -> compare(a.values[index], b.values[index]);
            if (reversed.get(i)) {
                one = one.reversed();
            }
            comparator = comparator == null ? one : comparator.thenComparing(one);
        }
        // RFC 5256: exact matches are in mailbox order, whatever REVERSE said.
        comparator = comparator.thenComparingLong(k -> k.message.sequenceNumber());
        return new SortCriteria(keys, comparator);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /** Whether a criterion reads the store's sort keys (every one but ARRIVAL and SIZE). */
    public boolean needsKeys() {
        return keys.stream().anyMatch(k -> k.needsKeys);
    }

    /** The messages in sorted order; each criterion's value is read once per message. */
    public List<SortMessage> sort(List<SortMessage> messages) {
        List<Keyed> keyed = new ArrayList<>(messages.size());
        for (SortMessage m : messages) {
            Object[] values = new Object[keys.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = keys.get(i).value.apply(m);
            }
            keyed.add(new Keyed(m, values));
        }
        keyed.sort(comparator);
        List<SortMessage> sorted = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            sorted.add(k.message);
        }
        return sorted;
    }
}
