package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.ImapWriter;
import org.junit.jupiter.api.Test;

/** The untagged answers: SEARCH (RFC 3501 7.2.5) and ESEARCH (RFC 4731 3.2). */
class SearchResultTest {

    private static String result(String program, String tag, boolean uid, List<Long> numbers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SearchRequest.parse(TestArgs.of(program)).writeResult(new ImapWriter(bytes), tag, uid, numbers);
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void plainSearch() {
        assertThat(result("ALL", "A1", false, List.of(2L, 5L, 9L))).isEqualTo("* SEARCH 2 5 9\r\n");
        assertThat(result("ALL", "A1", true, List.of(4294967295L))).isEqualTo("* SEARCH 4294967295\r\n");
        assertThat(result("ALL", "A1", false, List.of())).isEqualTo("* SEARCH\r\n");
    }

    @Test
    void longResultsStayOneLine() {
        List<Long> many = new ArrayList<>();
        StringBuilder expected = new StringBuilder("* SEARCH");
        for (long n = 1; n <= 100_000; n += 2) {
            many.add(n);
            expected.append(' ').append(n);
        }
        assertThat(result("ALL", "A1", false, many)).isEqualTo(expected.append("\r\n").toString());
    }

    @Test
    void esearchWithEveryOption() {
        assertThat(result("RETURN (MIN MAX COUNT ALL) ALL", "A1", true, List.of(2L, 5L, 9L)))
                .isEqualTo("* ESEARCH (TAG \"A1\") UID MIN 2 MAX 9 COUNT 3 ALL 2,5,9\r\n");
        assertThat(result("RETURN (ALL COUNT MAX MIN) ALL", "t.2", false, List.of(7L)))
                .isEqualTo("* ESEARCH (TAG \"t.2\") MIN 7 MAX 7 COUNT 1 ALL 7\r\n");
    }

    @Test
    void esearchAllIsASequenceSetWithRanges() {
        assertThat(result("RETURN (ALL) ALL", "A2", false, List.of(1L, 2L, 3L, 5L, 7L, 8L, 10L)))
                .isEqualTo("* ESEARCH (TAG \"A2\") ALL 1:3,5,7:8,10\r\n");
        // RFC 4731 3.1: RETURN () means RETURN (ALL)
        assertThat(result("RETURN () ALL", "A3", true, List.of(4L, 5L)))
                .isEqualTo("* ESEARCH (TAG \"A3\") UID ALL 4:5\r\n");
    }

    @Test
    void esearchOfSomeOptions() {
        assertThat(result("RETURN (MIN COUNT) ALL", "A4", false, List.of(3L, 4L, 8L)))
                .isEqualTo("* ESEARCH (TAG \"A4\") MIN 3 COUNT 3\r\n");
        assertThat(result("RETURN (MAX) ALL", "A5", true, List.of(3L, 4L, 8L)))
                .isEqualTo("* ESEARCH (TAG \"A5\") UID MAX 8\r\n");
    }

    @Test
    void esearchWithNoMatch() {
        // RFC 4731 3.1: no MIN, MAX or ALL when nothing matches; COUNT says 0
        assertThat(result("RETURN (MIN MAX ALL) ALL", "A6", true, List.of()))
                .isEqualTo("* ESEARCH (TAG \"A6\") UID\r\n");
        assertThat(result("RETURN (MIN COUNT) ALL", "A7", false, List.of()))
                .isEqualTo("* ESEARCH (TAG \"A7\") COUNT 0\r\n");
    }

    @Test
    void extendedOnlyWithReturn() {
        assertThat(SearchRequest.parse(TestArgs.of("RETURN () ALL")).extended()).isTrue();
        assertThat(SearchRequest.parse(TestArgs.of("ALL")).extended()).isFalse();
    }
}
