package org.facteur.imap.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ListPatternTest {

    @Test
    void starMatchesAcrossLevelsPercentWithinOne() {
        assertTrue(new ListPattern("", "*").matches("a/b/c"));
        assertTrue(new ListPattern("", "%").matches("abc"));
        assertFalse(new ListPattern("", "%").matches("a/b"));
        assertTrue(new ListPattern("", "a/%").matches("a/b"));
        assertFalse(new ListPattern("", "a/%").matches("a/b/c"));
        assertTrue(new ListPattern("", "a/%/c").matches("a/b/c"));
        assertTrue(new ListPattern("", "%/*").matches("a/b/c"));
        assertTrue(new ListPattern("", "*/%").matches("a/b/c"));
        assertFalse(new ListPattern("", "%/%").matches("a/b/c"));
        assertTrue(new ListPattern("", "%%").matches(""));
        assertFalse(new ListPattern("", "%").matches("/"));
        assertTrue(new ListPattern("", "*").matches("/"));
    }

    @Test
    void literalsMatchExactlyAndTheReferenceIsAPrefix() {
        assertTrue(new ListPattern("Work/", "%").matches("Work/2024"));
        assertFalse(new ListPattern("Work/", "%").matches("Work"));
        assertFalse(new ListPattern("", "work").matches("Work"));
        assertTrue(new ListPattern("", "W*k").matches("Work"));
        assertFalse(new ListPattern("", "W*k").matches("Worker"));
        assertTrue(new ListPattern("", "a.b").matches("a.b"));
        assertFalse(new ListPattern("", "a.b").matches("axb"));
        assertTrue(new ListPattern("", "*a*b").matches("xaxxab"));
        assertTrue(new ListPattern("", "inbox").matches("INBOX"));
    }

    /** A regular expression built from the wildcards backtracks exponentially on this; we must not. */
    @Test
    void manyStarsAgainstALongNameRunInLinearTime() {
        ListPattern stars = new ListPattern("", "*a*a*a*a*a*a*a*a*a*a*b");
        ListPattern percents = new ListPattern("", "%a%a%a%a%a%a%a%a%a%a%b");
        String name = "a".repeat(5_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertFalse(stars.matches(name));
            assertFalse(percents.matches(name));
            assertTrue(stars.matches(name + "b"));
        });
    }
}
