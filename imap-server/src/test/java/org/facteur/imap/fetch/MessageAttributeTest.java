package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.SystemFlag;
import org.junit.jupiter.api.Test;

class MessageAttributeTest {

    private final TestMessage simple = TestMessage.resource("simple.eml");

    @Test
    void flagsListSystemFlagsThenRecentThenKeywords() {
        TestMessage m = new TestMessage(simple.bytes(),
                Flags.of(Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED), Set.of("$Forwarded", "Work")), true);
        assertThat(m.fetch("FLAGS")).isEqualTo("* 1 FETCH (FLAGS (\\Answered \\Seen \\Recent $Forwarded Work))\r\n");
        assertThat(simple.fetch("FLAGS")).isEqualTo("* 1 FETCH (FLAGS ())\r\n");
    }

    @Test
    void internalDateHasASpacePaddedDayAndAZone() {
        // RFC 3501 9: date-day-fixed = (SP DIGIT) / 2DIGIT
        assertThat(simple.fetch("INTERNALDATE")).isEqualTo("* 1 FETCH (INTERNALDATE \" 7-Sep-2026 07:15:03 +0000\")\r\n");
    }

    @Test
    void sizeUidAndModseqComeFromTheRecord() {
        assertThat(simple.fetch("RFC822.SIZE", "UID", "MODSEQ"))
                .isEqualTo("* 1 FETCH (RFC822.SIZE " + simple.bytes().length + " UID 42 MODSEQ (17))\r\n");
    }

    @Test
    void macrosExpandAsRfc3501Says() {
        String fast = "FLAGS () INTERNALDATE \" 7-Sep-2026 07:15:03 +0000\" RFC822.SIZE " + simple.bytes().length;
        String envelope = "ENVELOPE (\"Mon, 7 Sep 2026 09:15:00 +0200\" \"Lunch on Friday?\""
                + " ((\"Alice Example\" NIL \"alice\" \"example.org\")) ((\"Alice Example\" NIL \"alice\" \"example.org\"))"
                + " ((\"Alice Example\" NIL \"alice\" \"example.org\")) ((NIL NIL \"bob\" \"example.net\")) NIL NIL NIL"
                + " \"<lunch-1@example.org>\")";
        String body = "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"8BIT\" 32 2)";
        assertThat(macro("fast")).isEqualTo("* 1 FETCH (" + fast + ")\r\n");
        assertThat(macro("ALL")).isEqualTo("* 1 FETCH (" + fast + " " + envelope + ")\r\n");
        assertThat(macro("Full")).isEqualTo("* 1 FETCH (" + fast + " " + envelope + " " + body + ")\r\n");
    }

    @Test
    void aSingleItemNeedsNoParentheses() {
        FetchRequest request = FetchRequest.parse(List.of(new Arg.Atom("uid")));
        assertThat(simple.write(request, false)).isEqualTo("* 1 FETCH (UID 42)\r\n");
    }

    @Test
    void uidFetchPutsUidFirstOnce() {
        FetchRequest request = FetchRequest.parse(List.of(TestMessage.group("FLAGS"))).withUid();
        assertThat(simple.write(request, false)).isEqualTo("* 1 FETCH (UID 42 FLAGS ())\r\n");
        FetchRequest asked = FetchRequest.parse(List.of(TestMessage.group("FLAGS", "UID"))).withUid();
        assertThat(simple.write(asked, false)).isEqualTo("* 1 FETCH (FLAGS () UID 42)\r\n");
    }

    @Test
    void implicitFlagsAreAddedOnceAtTheEnd() {
        FetchRequest request = FetchRequest.parse(List.of(TestMessage.group("UID")));
        assertThat(simple.write(request, true)).isEqualTo("* 1 FETCH (UID 42 FLAGS ())\r\n");
        FetchRequest withFlags = FetchRequest.parse(List.of(TestMessage.group("FLAGS", "UID")));
        assertThat(simple.write(withFlags, true)).isEqualTo("* 1 FETCH (FLAGS () UID 42)\r\n");
    }

    @Test
    void anItemAskedTwiceIsAnsweredOnce() {
        assertThat(simple.fetch("UID", "uid", "FLAGS", "UID")).isEqualTo("* 1 FETCH (UID 42 FLAGS ())\r\n");
    }

    @Test
    void bodyAndBodyPeekOfOneSectionAnswerOnceAndSetSeen() {
        FetchRequest request = FetchRequest.parse(List.of(TestMessage.group("BODY.PEEK[TEXT]", "BODY[TEXT]")));
        assertThat(request.marksSeen()).isTrue();
        assertThat(simple.write(request, false))
                .isEqualTo("* 1 FETCH (BODY[TEXT] {32}\r\nHi Bob,\r\nshall we eat at noon?\r\n)\r\n");
        FetchRequest partials = FetchRequest.parse(List.of(TestMessage.group("BODY.PEEK[TEXT]<0.2>", "BODY.PEEK[TEXT]<0.3>")));
        assertThat(simple.write(partials, false))
                .isEqualTo("* 1 FETCH (BODY[TEXT]<0> {2}\r\nHi BODY[TEXT]<0> {3}\r\nHi )\r\n");
    }

    @Test
    void onlyStructureItemsAndSectionsInsideTheMessageReadTheSummary() {
        TestMessage m = TestMessage.resource("simple.eml");
        for (String item : List.of("FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "MODSEQ", "RFC822", "BODY[]", "BODY.PEEK[]<0.10>")) {
            FetchRequest request = FetchRequest.parse(List.of(new Arg.Atom(item)));
            assertThat(request.needsSummary()).as(item).isFalse();
            m.write(request, false);
        }
        assertThat(m.summaryCalls).isZero();
        for (String item : List.of("ENVELOPE", "BODY", "BODYSTRUCTURE", "RFC822.HEADER", "RFC822.TEXT", "BODY[TEXT]",
                "BODY.PEEK[1]", "BODY[HEADER.FIELDS (From)]")) {
            assertThat(FetchRequest.parse(List.of(new Arg.Atom(item))).needsSummary()).as(item).isTrue();
        }
    }

    @Test
    void bodyWithoutPeekRfc822AndRfc822TextMarkSeen() {
        // RFC 3501 6.4.5
        for (String item : List.of("BODY[]", "BODY[1.MIME]", "RFC822", "RFC822.TEXT", "body[header]<0.5>")) {
            assertThat(FetchRequest.parse(List.of(new Arg.Atom(item))).marksSeen()).as(item).isTrue();
        }
        for (String item : List.of("BODY.PEEK[]", "RFC822.HEADER", "BODY", "BODYSTRUCTURE", "ENVELOPE", "FLAGS", "UID")) {
            assertThat(FetchRequest.parse(List.of(new Arg.Atom(item))).marksSeen()).as(item).isFalse();
        }
        assertThat(FetchRequest.parse(List.of(TestMessage.group("UID", "BODY[TEXT]"))).marksSeen()).isTrue();
    }

    private String macro(String name) {
        return simple.write(FetchRequest.parse(List.of(new Arg.Atom(name))), false);
    }
}
