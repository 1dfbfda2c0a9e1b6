package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client sends, SEARCH answers BAD, NO or a result: never another exception, never a
 * stack overflow. Programs are drawn at random (fixed seed, so a failure repeats) from keys,
 * arguments and junk, and each one that parses is run over every test message.
 */
class RandomProgramsTest {

    private static final String[] WORDS = {
        "ALL", "ANSWERED", "BCC", "BEFORE", "BODY", "CC", "DELETED", "DRAFT", "FLAGGED", "FROM", "HEADER",
        "KEYWORD", "LARGER", "NEW", "NOT", "OLD", "ON", "OR", "RECENT", "SEEN", "SENTBEFORE", "SENTON",
        "SENTSINCE", "SINCE", "SMALLER", "SUBJECT", "TEXT", "TO", "UID", "UNANSWERED", "UNDELETED", "UNDRAFT",
        "UNFLAGGED", "UNKEYWORD", "UNSEEN", "CHARSET", "RETURN", "UTF-8", "MIN", "1", "2:4", "*", "1:*", "0",
        "4294967295", "4294967296", "1-Feb-2024", "31-Feb-2024", "x", "$Work", "\\Seen", "", "é", "=?", "<b>",
    };

    private final TestMailbox mailbox = new TestMailbox();

    @Test
    void randomProgramsGetAnAnswerOrBadOrNo() {
        Random random = new Random(4);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            List<Arg> program = program(random, 0);
            SearchRequest request;
            try {
                request = SearchRequest.parse(program);
            } catch (BadCommandException | SearchException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                continue;
            }
            parsed++;
            mailbox.run(request, random.nextBoolean());
        }
        // The generator must reach the matching code, not only the parser's refusals.
        assertThat(parsed).isGreaterThan(2_000);
    }

    private static List<Arg> program(Random random, int depth) {
        List<Arg> args = new ArrayList<>();
        int length = 1 + random.nextInt(5);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && depth < 3) {
                args.add(new Arg.Group(program(random, depth + 1)));
            } else if (kind == 1) {
                args.add(new Arg.Str(WORDS[random.nextInt(WORDS.length)].getBytes(), random.nextBoolean()));
            } else {
                args.add(new Arg.Atom(WORDS[random.nextInt(WORDS.length)]));
            }
        }
        return args;
    }

    @Test
    void deepNestingIsBadNotAStackOverflow() {
        assertThatThrownBy(() -> SearchRequest.parse(TestArgs.of("NOT ".repeat(100_000) + "SEEN")))
                .isInstanceOf(BadCommandException.class);
        assertThatThrownBy(() -> SearchRequest.parse(TestArgs.of("OR ".repeat(100_000) + "SEEN")))
                .isInstanceOf(BadCommandException.class);
        Arg nested = new Arg.Atom("SEEN");
        for (int i = 0; i < 10_000; i++) {
            nested = new Arg.Group(List.of(nested));
        }
        List<Arg> groups = List.of(nested);
        assertThatThrownBy(() -> SearchRequest.parse(groups)).isInstanceOf(BadCommandException.class);
        // the limit leaves room for any real client
        assertThat(mailbox.search("NOT ".repeat(SearchParser.MAX_DEPTH - 1) + "SEEN")).containsExactly(3L, 4L);
    }
}
