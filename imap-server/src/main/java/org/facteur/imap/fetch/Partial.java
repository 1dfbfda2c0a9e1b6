package org.facteur.imap.fetch;

/**
 * A partial fetch {@code <origin.count>} (RFC 3501 6.4.5): at most {@code count} octets starting
 * at octet {@code origin} of the section.
 */
record Partial(long origin, long count) {

    /** The start and length within a section of {@code size} octets; empty when origin is past its end. */
    long start(long size) {
        return Math.min(origin, size);
    }

    long length(long size) {
        return Math.min(count, size - start(size));
    }
}
