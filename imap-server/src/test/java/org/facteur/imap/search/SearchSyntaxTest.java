package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Programs that break the grammar get BAD; an unknown CHARSET gets NO [BADCHARSET] (RFC 3501 6.4.4). */
class SearchSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "FOO",
        "SEEN BOGUS",
        "FROM",
        "NOT",
        "OR SEEN",
        "OR",
        "()",
        "\"quoted\"",
        "KEYWORD",
        "KEYWORD \\Seen",
        "KEYWORD (a)",
        "LARGER",
        "LARGER abc",
        "LARGER -1",
        "SMALLER 12345678901234567890",
        "BEFORE 1-Feb-24",
        "BEFORE 1-February-2024",
        "BEFORE 32-Jan-2024",
        "ON 29-Feb-2023",
        "SENTON Feb-1-2024",
        "SINCE (1-Feb-2024)",
        "UID",
        "UID abc",
        "UID 0",
        "UID 1:0",
        "1,,2",
        "0:3",
        "4294967296",
        "HEADER",
        "HEADER X-Foo",
        "HEADER \"bad:name\" x",
        "HEADER \"\" x",
        "SUBJECT (a b)",
        "CHARSET",
        "CHARSET UTF-8",
        "RETURN",
        "RETURN MIN",
        "RETURN (MIN)",
        "RETURN (SAVE SAVE2) ALL",
        "OLDER 0",
        "YOUNGER",
        "YOUNGER 1.5",
        "$:4",
        "1,$",
        "RETURN (PARTIAL 1:*) ALL",
        "RETURN (\"MIN\") ALL",
        "MODSEQ",
        "MODSEQ \"/flags/\\\\seen\" mine 12",
        "MODSEQ \"seen\" all 12",
    })
    void malformedProgramsAreBad(String program) {
        assertThatThrownBy(() -> SearchRequest.parse(TestArgs.of(program)))
                .isInstanceOf(BadCommandException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aLiteralWhereAKeyIsExpectedIsBad() {
        List<Arg> args = new ArrayList<>();
        args.add(new Arg.Str(new byte[] {'S', 'E', 'E', 'N'}, true));
        assertThatThrownBy(() -> SearchRequest.parse(args)).isInstanceOf(BadCommandException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KOI8-R", "UTF-16", "x-unknown", "\"windows-1252\""})
    void otherCharsetsGetBadCharset(String charset) {
        assertThatThrownBy(() -> SearchRequest.parse(TestArgs.of("CHARSET " + charset + " ALL")))
                .isInstanceOfSatisfying(SearchException.class, e ->
                        assertThat(e.responseCode()).isEqualTo("BADCHARSET (UTF-8 US-ASCII ISO-8859-1)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CHARSET utf-8 ALL",
        "CHARSET \"US-ASCII\" SEEN",
        "RETURN () CHARSET UTF-8 ALL",
        "RETURN (min MAX count ALL) 1:*",
        "1:4294967295",
        "*:1",
        "OR OR OR 1 2 3 4",
        "NOT NOT NOT SEEN",
        "((((SEEN))))",
        "HEADER X-Foo \"\"",
        "SENTON \"1-Feb-2024\"",
        "ON 09-Feb-2024",
        "LARGER 4294967296",
    })
    void wellFormedProgramsParse(String program) {
        assertThat(SearchRequest.parse(TestArgs.of(program))).isNotNull();
    }
}
