package org.facteur.imap.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The combinations of keys (RFC 3501 6.4.4): a list of keys (all must match), NOT and OR. */
final class LogicKey {

    private LogicKey() {
    }

    static SearchKey and(List<SearchKey> keys) {
        if (keys.size() == 1) {
            return keys.get(0);
        }
        // Evaluation order does not change the result: test flags before reading bodies.
        List<SearchKey> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.comparing(SearchKey::cost));
        return new And(List.copyOf(ordered));
    }

    record And(List<SearchKey> keys) implements SearchKey {
        @Override
        public boolean matches(MatchContext message) {
            for (SearchKey key : keys) {
                if (!key.matches(message)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Cost cost() {
            return keys.get(keys.size() - 1).cost();
        }

        @Override
        public boolean usesModSeq() {
            return keys.stream().anyMatch(SearchKey::usesModSeq);
        }
    }

    record Not(SearchKey key) implements SearchKey {
        @Override
        public boolean matches(MatchContext message) {
            return !key.matches(message);
        }

        @Override
        public Cost cost() {
            return key.cost();
        }

        @Override
        public boolean usesModSeq() {
            return key.usesModSeq();
        }
    }

    /** Built with the cheaper side first, which is the one tested first. */
    static SearchKey or(SearchKey a, SearchKey b) {
        return a.cost().compareTo(b.cost()) <= 0 ? new Or(a, b) : new Or(b, a);
    }

    record Or(SearchKey first, SearchKey second) implements SearchKey {
        @Override
        public boolean matches(MatchContext message) {
            return first.matches(message) || second.matches(message);
        }

        @Override
        public Cost cost() {
            return first.cost().max(second.cost());
        }

        @Override
        public boolean usesModSeq() {
            return first.usesModSeq() || second.usesModSeq();
        }
    }

    /** ALL: every message. */
    record All() implements SearchKey {
        @Override
        public boolean matches(MatchContext message) {
            return true;
        }

        @Override
        public Cost cost() {
            return Cost.RECORD;
        }
    }
}
