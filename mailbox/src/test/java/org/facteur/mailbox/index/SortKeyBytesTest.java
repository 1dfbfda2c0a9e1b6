package org.facteur.mailbox.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.facteur.mailbox.SortKeys;
import org.junit.jupiter.api.Test;

class SortKeyBytesTest {

    private static SortKeys roundTrip(SortKeys keys) {
        return SortKeyBytes.decode(keys.uid(), SortKeyBytes.encode(keys));
    }

    @Test
    void everyFieldComesBackAsItWent() {
        SortKeys full = new SortKeys(42, Instant.parse("2024-01-02T10:00:00.123Z"), "Re: héllo ✉ 日本",
                "zed", "undisclosed-recipients", "", "<a@x>", List.of("<p@x>", "<q@x>"),
                List.of("<r@x>", "<p@x>", "<" + "l".repeat(300) + "@x>"), "Zoë Zed", "undisclosed-recipients");
        assertThat(roundTrip(full)).isEqualTo(full);
    }

    @Test
    void absentFieldsStayAbsentAndEmptyOnesEmpty() {
        SortKeys bare = new SortKeys(7, null, null, null, null, null, null, List.of(), List.of(), null, null);
        assertThat(roundTrip(bare)).isEqualTo(bare);
        SortKeys empty = new SortKeys(7, Instant.EPOCH, "", "", null, "", "", List.of(""), List.of(), "", null);
        assertThat(roundTrip(empty)).isEqualTo(empty);
    }

    @Test
    void datesBeforeTheEpochAndFarAheadSurvive() {
        for (Instant date : List.of(Instant.parse("1901-12-13T20:45:52Z"), Instant.parse("9999-12-31T23:59:59Z"))) {
            SortKeys keys = new SortKeys(1, date, "s", null, null, null, null, List.of(), List.of(), null, null);
            assertThat(roundTrip(keys).sentDate()).isEqualTo(date);
        }
    }

    @Test
    void aSubjectLongerThanAOneByteLengthIsWhole() {
        String subject = "x".repeat(100_000);
        SortKeys keys = new SortKeys(1, null, subject, null, null, null, null, List.of(), List.of(), null, null);
        assertThat(roundTrip(keys).subject()).isEqualTo(subject);
    }
}
