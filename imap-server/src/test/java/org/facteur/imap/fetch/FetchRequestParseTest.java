package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FetchRequestParseTest {

    private final TestMessage simple = TestMessage.resource("simple.eml");

    @ParameterizedTest
    @ValueSource(strings = {
        "FOO", "BINARY[1.TEXT]", "BINARY[1.MIME]", "BINARY.PEEK[1.]", "BINARY.SIZE[1]<0.1>", "BINARY[01]", "BINARY", "BODY.PEEK", "BODY[", "BODY]", "BODY[]x", "BODY[]<", "BODY[]<1>", "BODY[]<1.>",
        "BODY[]<.1>", "BODY[]<1.0>", "BODY[]<-1.2>", "BODY[]<1.2", "BODY[]<4294967296.1>", "BODY[0]", "BODY[01]",
        "BODY[1.]", "BODY[.1]", "BODY[1..2]", "BODY[MIME]", "BODY[1.FOO]", "BODY[HEADER.FIELDS]",
        "BODY[HEADER.FIELDS ()]", "BODY[HEADER.FIELDS (From]", "BODY[HEADER.FIELDS (From )]",
        "BODY[HEADER.FIELDS  (From)]", "BODY[HEADER.FIELDS (\"\")]", "BODY[HEADER.FIELDS.NOT(From)]", "BODY[TEXT (From)]",
        "BODY[HEADER.FIELDS (From)", "BODY[1.2.3.4.TEXT.MIME]", "BODY[99999999999]", "UID[]", "RFC822.SIZE[]",
        "BODYSTRUCTURE[]", "BODY<0.1>"
    })
    void malformedItemsAreBad(String item) {
        assertThatThrownBy(() -> FetchRequest.parse(List.of(new Arg.Atom(item))))
                .isInstanceOf(BadCommandException.class)
                .hasMessageContaining(item);
        assertThatThrownBy(() -> FetchRequest.parse(List.of(TestMessage.group("UID", item))))
                .isInstanceOf(BadCommandException.class);
    }

    @Test
    void malformedListsAreBad() {
        assertThatThrownBy(() -> FetchRequest.parse(List.of())).isInstanceOf(BadCommandException.class);
        assertThatThrownBy(() -> FetchRequest.parse(List.of(TestMessage.group())))
                .isInstanceOf(BadCommandException.class);
        // RFC 3501 9: several items need parentheses; macros stand alone.
        assertThatThrownBy(() -> FetchRequest.parse(List.of(new Arg.Atom("FLAGS"), new Arg.Atom("UID"))))
                .isInstanceOf(BadCommandException.class);
        assertThatThrownBy(() -> FetchRequest.parse(List.of(TestMessage.group("FAST"))))
                .isInstanceOf(BadCommandException.class);
        assertThatThrownBy(() -> FetchRequest.parse(List.of(TestMessage.group("ALL", "UID"))))
                .isInstanceOf(BadCommandException.class);
        assertThatThrownBy(() -> FetchRequest.parse(List.of(new Arg.Group(List.of(TestMessage.group("UID"))))))
                .isInstanceOf(BadCommandException.class);
        assertThatThrownBy(() -> FetchRequest.parse(List.of(new Arg.Str("UID".getBytes(StandardCharsets.US_ASCII), false))))
                .isInstanceOf(BadCommandException.class);
    }

    @Test
    void namesAreCaseInsensitiveAndKeywordsAnswerUpperCased() {
        assertThat(simple.fetch("body.peek[header.fields (subject)]<0.8>", "Rfc822.Size"))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)]<0> {8}\r\nsubject: RFC822.SIZE "
                        + simple.bytes().length + ")\r\n");
    }

    @Test
    void quotedFieldNamesAreReadAsAstringsAndEchoed() {
        assertThat(simple.fetch("BODY.PEEK[HEADER.FIELDS (\"X-Note\" \"Odd]Name\" \"Odd\\\"Quote\")]"))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS (X-NOTE \"ODD]NAME\" \"ODD\\\"QUOTE\")] {36}\r\n"
                        + "X-Note: first line\r\n\tsecond line\r\n\r\n)\r\n");
    }
}
