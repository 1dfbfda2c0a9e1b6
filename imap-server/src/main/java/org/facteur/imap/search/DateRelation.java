package org.facteur.imap.search;

import java.time.LocalDate;

/**
 * How the date keys compare calendar dates, "disregarding time and timezone" (RFC 3501 6.4.4):
 * BEFORE is strictly earlier, ON the same day, SINCE the same day or later.
 */
enum DateRelation {
    BEFORE, ON, SINCE;

    boolean holds(LocalDate actual, LocalDate given) {
        switch (this) {
            case BEFORE:
                return actual.isBefore(given);
            case ON:
                return actual.isEqual(given);
            default:
                return !actual.isBefore(given);
        }
    }
}
