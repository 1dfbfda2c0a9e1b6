package org.facteur.distribution.config;

import java.util.Comparator;

/** "did you mean ...?" for a mistyped key: the known key at the smallest edit distance, if close. */
final class KeySuggestion {

    private static final int MAX_DISTANCE = 3;

    private KeySuggestion() {
    }

    static String forName(String unknown) {
        return ConfigKeys.all().stream()
                .map(Key::name)
                .min(Comparator.comparingInt(name -> distance(unknown, name)))
                .filter(name -> distance(unknown, name) <= MAX_DISTANCE)
                .map(name -> " (did you mean " + name + "?)")
                .orElse("");
    }

    /** Levenshtein distance, one row at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
