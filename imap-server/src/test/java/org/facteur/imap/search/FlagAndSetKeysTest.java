package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keys answered from the record alone: flags, keywords, \Recent, sizes, sequence sets, UIDs, NOT, OR. */
class FlagAndSetKeysTest {

    private final TestMailbox mailbox = new TestMailbox();

    @Test
    void systemFlagsAndTheirNegations() {
        assertThat(mailbox.search("ALL")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(mailbox.search("SEEN")).containsExactly(1L, 2L, 5L);
        assertThat(mailbox.search("UNSEEN")).containsExactly(3L, 4L);
        assertThat(mailbox.search("ANSWERED")).containsExactly(1L);
        assertThat(mailbox.search("UNANSWERED")).containsExactly(2L, 3L, 4L, 5L);
        assertThat(mailbox.search("FLAGGED")).containsExactly(2L);
        assertThat(mailbox.search("UNFLAGGED")).containsExactly(1L, 3L, 4L, 5L);
        assertThat(mailbox.search("DELETED")).containsExactly(3L);
        assertThat(mailbox.search("UNDELETED")).containsExactly(1L, 2L, 4L, 5L);
        assertThat(mailbox.search("DRAFT")).containsExactly(3L);
        assertThat(mailbox.search("UNDRAFT")).containsExactly(1L, 2L, 4L, 5L);
    }

    @Test
    void keysAreCaseInsensitive() {
        assertThat(mailbox.search("seen unAnswered")).containsExactly(2L, 5L);
    }

    @Test
    void keywordsCompareCaseInsensitively() {
        assertThat(mailbox.search("KEYWORD $work")).containsExactly(1L);
        assertThat(mailbox.search("KEYWORD URGENT")).containsExactly(2L);
        assertThat(mailbox.search("UNKEYWORD Urgent")).containsExactly(1L, 3L, 4L, 5L);
        assertThat(mailbox.search("KEYWORD Nothing")).isEmpty();
    }

    @Test
    void recentNewAndOld() {
        assertThat(mailbox.search("RECENT")).containsExactly(2L, 3L);
        // RFC 3501 6.4.4: NEW is RECENT UNSEEN, OLD is NOT RECENT
        assertThat(mailbox.search("NEW")).containsExactly(3L);
        assertThat(mailbox.search("OLD")).containsExactly(1L, 4L, 5L);
    }

    @Test
    void sizesAreStrictBounds() {
        long size = mailbox.get(1).record().size();
        assertThat(mailbox.search("LARGER " + size)).doesNotContain(1L).contains(5L);
        assertThat(mailbox.search("LARGER " + (size - 1))).contains(1L);
        assertThat(mailbox.search("SMALLER " + size)).doesNotContain(1L);
        assertThat(mailbox.search("SMALLER " + (size + 1))).contains(1L).doesNotContain(5L);
    }

    @Test
    void sequenceSetsWithStar() {
        assertThat(mailbox.search("2,4:5")).containsExactly(2L, 4L, 5L);
        assertThat(mailbox.search("*")).containsExactly(5L);
        assertThat(mailbox.search("4:*")).containsExactly(4L, 5L);
        assertThat(mailbox.search("*:4")).containsExactly(4L, 5L);
        assertThat(mailbox.search("1:4294967295")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(mailbox.search("6:9")).isEmpty();
    }

    @Test
    void uidSetsAndUidSearch() {
        assertThat(mailbox.search("UID 20:30")).containsExactly(2L, 3L);
        assertThat(mailbox.uidSearch("UID 31:*")).containsExactly(31L, 40L);
        // RFC 3501 6.4.8: n:* includes the last message even when n is above every UID
        assertThat(mailbox.uidSearch("UID 1000:*")).containsExactly(40L);
        // In UID SEARCH a bare set still means sequence numbers (RFC 3501 6.4.8).
        assertThat(mailbox.uidSearch("2:3")).containsExactly(20L, 30L);
        assertThat(mailbox.uidSearch("UID 1:4294967295 SEEN")).containsExactly(10L, 20L, 40L);
    }

    @Test
    void sequenceSetsInsideNotAndOr() {
        assertThat(mailbox.search("NOT 2:4")).containsExactly(1L, 5L);
        assertThat(mailbox.search("NOT *")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(mailbox.search("OR 1 5")).containsExactly(1L, 5L);
        assertThat(mailbox.search("OR 1:2 UID 31")).containsExactly(1L, 2L, 4L);
        assertThat(mailbox.search("NOT UID 10,40")).containsExactly(2L, 3L, 4L);
        assertThat(mailbox.search("SEEN NOT 1")).containsExactly(2L, 5L);
    }

    @Test
    void nestedOrNotAndGroups() {
        assertThat(mailbox.search("OR 1 OR 3 5")).containsExactly(1L, 3L, 5L);
        assertThat(mailbox.search("OR OR 1 2 OR 3 4")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(mailbox.search("NOT OR SEEN DELETED")).containsExactly(4L);
        assertThat(mailbox.search("OR (SEEN FLAGGED) (DELETED 3)")).containsExactly(2L, 3L);
        assertThat(mailbox.search("NOT (SEEN 1:2)")).containsExactly(3L, 4L, 5L);
        assertThat(mailbox.search("((UNSEEN) NOT DRAFT)")).containsExactly(4L);
        assertThat(mailbox.search("NOT NOT 2")).containsExactly(2L);
    }

    @Test
    void starIsTheHighestNumberAtTheTimeOfTheCommand() {
        SearchRequest star = SearchRequest.parse(TestArgs.of("*"));
        TestMessage first = mailbox.get(1);
        assertThat(star.matches(first, 1, 10)).isTrue();
        assertThat(star.matches(first, 3, 30)).isFalse();
        SearchRequest uidStar = SearchRequest.parse(TestArgs.of("UID *"));
        assertThat(uidStar.matches(first, 3, 10)).isTrue();
        assertThat(uidStar.matches(first, 3, 11)).isFalse();
    }

    @Test
    void recordKeysReadNeitherSummaryNorFile() {
        SearchRequest request = SearchRequest.parse(TestArgs.of("OR (SEEN LARGER 10) NOT (UID 1:* KEYWORD x 1:3)"));
        assertThat(request.needsSummary()).isFalse();
        assertThat(request.needsContent()).isFalse();
        mailbox.run(request, false);
        assertThat(mailbox.messages).allSatisfy(m -> {
            assertThat(m.summaryCalls).isZero();
            assertThat(m.contentCalls).isZero();
        });
    }

    @Test
    void cheapKeysAreTestedBeforeTheFileIsRead() {
        SearchRequest request = SearchRequest.parse(TestArgs.of("BODY zanzibar FLAGGED"));
        assertThat(request.needsSummary()).isTrue();
        assertThat(request.needsContent()).isTrue();
        assertThat(mailbox.run(request, false)).containsExactly(2L);
        // Only message 2 is flagged: no other file was opened.
        assertThat(mailbox.messages).filteredOn(m -> m.sequenceNumber() != 2)
                .allSatisfy(m -> assertThat(m.contentCalls).isZero());
    }
}
