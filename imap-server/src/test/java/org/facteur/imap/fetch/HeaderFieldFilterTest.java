package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderFieldFilterTest {

    private static final String HEADER = "Received: from a\r\n\tby b\r\n"
            + "subject: Lunch\r\n on Friday?\r\n"
            + "X-Note: one\r\n"
            + "Received: from c\r\n"
            + "Subject-Line: not the subject\r\n"
            + "Subject : old syntax\r\n"
            + "a line without a colon\r\n"
            + "\r\n";

    @Test
    void keepsFoldedLinesAndMatchesNamesCaseInsensitively() {
        assertThat(filter(HEADER, List.of("SUBJECT", "received"), false)).isEqualTo(
                "Received: from a\r\n\tby b\r\nsubject: Lunch\r\n on Friday?\r\nReceived: from c\r\n"
                        + "Subject : old syntax\r\n\r\n");
    }

    @Test
    void notKeepsEveryOtherField() {
        assertThat(filter(HEADER, List.of("Received", "Subject"), true))
                .isEqualTo("X-Note: one\r\nSubject-Line: not the subject\r\n\r\n");
    }

    @Test
    void noMatchGivesTheBlankLineAlone() {
        assertThat(filter(HEADER, List.of("xyz"), false)).isEqualTo("\r\n");
    }

    @Test
    void bareLineFeedsAreKeptAsStored() {
        assertThat(filter("To: a\nSubject: s\n x\n\n", List.of("subject"), false)).isEqualTo("Subject: s\n x\n\r\n");
    }

    @Test
    void aHeaderWithoutBlankLineGetsItsLastLineClosed() {
        assertThat(filter("To: a\r\nSubject: s", List.of("subject"), false)).isEqualTo("Subject: s\r\n\r\n");
    }

    @Test
    void stopsAtTheBlankLine() {
        assertThat(filter("To: a\r\n\r\nSubject: in the body\r\n", List.of("subject"), false)).isEqualTo("\r\n");
    }

    @Test
    void linesLongerThanTheNameWindowAreKeptOrDroppedWhole() {
        String longValue = "x".repeat(5000);
        String header = "X-Long: " + longValue + "\r\n\t" + longValue + "\r\nSubject: s\r\n" + longValue + ": no field\r\n\r\n";
        assertThat(filter(header, List.of("x-long"), false))
                .isEqualTo("X-Long: " + longValue + "\r\n\t" + longValue + "\r\n\r\n");
        assertThat(filter(header, List.of("X-Long"), true)).isEqualTo("Subject: s\r\n\r\n");
    }

    @Test
    void anEmptyHeaderIsTheBlankLine() {
        assertThat(filter("", List.of("subject"), true)).isEqualTo("\r\n");
        assertThat(filter("\r\nSubject: body\r\n", List.of("subject"), true)).isEqualTo("\r\n");
    }

    private static String filter(String header, List<String> names, boolean exclude) {
        try {
            byte[] filtered = new HeaderFieldFilter(names, exclude)
                    .filter(new ByteArrayInputStream(header.getBytes(StandardCharsets.ISO_8859_1)));
            return new String(filtered, StandardCharsets.ISO_8859_1);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
