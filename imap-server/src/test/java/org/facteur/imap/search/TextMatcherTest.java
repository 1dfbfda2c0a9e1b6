package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class TextMatcherTest {

    /** A reader that hands out at most {@code step} chars per read, as a slow stream might. */
    private static Reader trickle(String text, int step) {
        return new Reader() {
            private int next;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (next >= text.length()) {
                    return -1;
                }
                int n = Math.min(Math.min(step, length), text.length() - next);
                text.getChars(next, next + n, buffer, offset);
                next += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void findsAMatchSplitAcrossAnyReads() {
        TextMatcher matcher = new TextMatcher("Needle");
        String text = "hay ".repeat(5000) + "NEEDLE" + " hay".repeat(10);
        for (int step : new int[] {1, 2, 3, 5, 7, 8192, 100_000}) {
            assertThat(matcher.in(trickle(text, step))).as("step %d", step).isTrue();
        }
        assertThat(matcher.in(trickle("hay needl", 1))).isFalse();
        assertThat(matcher.in(new StringReader("nee dle"))).isFalse();
    }

    @Test
    void foldsCaseOneCharAtATime() {
        TextMatcher matcher = new TextMatcher("ÉTÉ");
        assertThat(matcher.in("un été chaud")).isTrue();
        assertThat(matcher.in(new StringReader("UN ÉTÉ CHAUD"))).isTrue();
        assertThat(matcher.in("ete")).isFalse();
        assertThat(matcher.in((String) null)).isFalse();
    }

    @Test
    void aNeedleLongerThanAChunkIsStillFound() {
        String needle = "x".repeat(10_000) + "y";
        assertThat(new TextMatcher(needle).in(trickle("x".repeat(15_000) + "y", 4096))).isTrue();
        assertThat(new TextMatcher(needle).in(trickle("x".repeat(15_000), 4096))).isFalse();
    }
}
