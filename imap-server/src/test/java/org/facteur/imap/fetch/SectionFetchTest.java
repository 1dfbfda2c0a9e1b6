package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.facteur.mailbox.Flags;
import org.junit.jupiter.api.Test;

/** BODY[section]&lt;partial&gt; and the RFC822 items on real messages (RFC 3501 6.4.5, 7.4.2). */
class SectionFetchTest {

    private static final String NESTED_HEADER = """
            From: Carol <carol@example.org>
            To: Dave <dave@example.net>, Erin <erin@example.net>
            Cc: "Frank, Jr." <frank@example.com>
            Subject: Report
            Date: Tue, 8 Sep 2026 10:00:00 +0000
            Message-ID: <report-2@example.org>
            In-Reply-To: <question-1@example.net>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"
            Content-Language: en

            """;
    private static final String ALTERNATIVE = """
            --alt
            Content-Type: text/plain

            Plain body.
            --alt
            Content-Type: text/html; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            <p>HTML body.</p>
            --alt--""";
    private static final String INNER_HEADER = """
            From: Grace <grace@example.com>
            Subject: Inner
            Date: Mon, 7 Sep 2026 08:00:00 +0000
            Content-Type: multipart/mixed; boundary=inner

            """;
    private static final String INNER_TEXT = """
            --inner

            Inner text.
            --inner
            Content-Type: application/octet-stream; name=data.bin
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename=data.bin

            AAECAw==
            --inner--""";

    private final TestMessage nested = TestMessage.resource("nested.eml");
    private final TestMessage simple = TestMessage.resource("simple.eml");

    @Test
    void wholeMessageHeaderAndText() {
        String whole = TestMessage.resourceText("nested.eml");
        assertThat(nested.fetch("BODY.PEEK[]")).isEqualTo(response("BODY[]", literal(whole)));
        assertThat(nested.fetch("BODY[HEADER]")).isEqualTo(response("BODY[HEADER]", literal(NESTED_HEADER)));
        assertThat(nested.fetch("BODY[TEXT]"))
                .isEqualTo(response("BODY[TEXT]", literal(whole.substring(NESTED_HEADER.length()))));
    }

    @Test
    void rfc822ItemsAreSectionsUnderTheirOwnNames() {
        String whole = TestMessage.resourceText("nested.eml");
        assertThat(nested.fetch("RFC822", "RFC822.HEADER", "RFC822.TEXT")).isEqualTo(response(
                "RFC822", literal(whole) + " RFC822.HEADER " + literal(NESTED_HEADER)
                        + " RFC822.TEXT " + literal(whole.substring(NESTED_HEADER.length()))));
    }

    @Test
    void partsOfAMultipartAndTheirMimeHeaders() {
        assertThat(nested.fetch("BODY[1]")).isEqualTo(response("BODY[1]", literal("Summary first.")));
        assertThat(nested.fetch("BODY[1.MIME]"))
                .isEqualTo(response("BODY[1.MIME]", literal("Content-Type: text/plain; charset=us-ascii\n\n")));
        assertThat(nested.fetch("BODY[2]")).isEqualTo(response("BODY[2]", literal(ALTERNATIVE)));
        assertThat(nested.fetch("BODY[2.MIME]")).isEqualTo(
                response("BODY[2.MIME]", literal("Content-Type: multipart/alternative; boundary=alt\n\n")));
        assertThat(nested.fetch("BODY[2.1]")).isEqualTo(response("BODY[2.1]", literal("Plain body.")));
        assertThat(nested.fetch("BODY[2.2]")).isEqualTo(response("BODY[2.2]", literal("<p>HTML body.</p>")));
        assertThat(nested.fetch("BODY[2.2.MIME]")).isEqualTo(response("BODY[2.2.MIME]", literal(
                "Content-Type: text/html; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n")));
        assertThat(nested.fetch("BODY[4]")).isEqualTo(response("BODY[4]", literal("iVBORw0KGgo=")));
    }

    @Test
    void messageRfc822PartsHaveAHeaderATextAndParts() {
        assertThat(nested.fetch("BODY[3]")).isEqualTo(response("BODY[3]", literal(INNER_HEADER + INNER_TEXT)));
        // The MIME header of a message/rfc822 part is its own, as Dovecot answers it.
        assertThat(nested.fetch("BODY[3.MIME]")).isEqualTo(response("BODY[3.MIME]",
                literal("Content-Type: message/rfc822\nContent-Description: forwarded\n\n")));
        assertThat(nested.fetch("BODY[3.HEADER]")).isEqualTo(response("BODY[3.HEADER]", literal(INNER_HEADER)));
        assertThat(nested.fetch("BODY[3.TEXT]")).isEqualTo(response("BODY[3.TEXT]", literal(INNER_TEXT)));
        assertThat(nested.fetch("BODY[3.1]")).isEqualTo(response("BODY[3.1]", literal("Inner text.")));
        assertThat(nested.fetch("BODY[3.1.MIME]")).isEqualTo(response("BODY[3.1.MIME]", literal("\n")));
        assertThat(nested.fetch("BODY[3.2]")).isEqualTo(response("BODY[3.2]", literal("AAECAw==")));
        assertThat(nested.fetch("BODY[3.HEADER.FIELDS (subject DATE)]")).isEqualTo(response(
                "BODY[3.HEADER.FIELDS (SUBJECT DATE)]",
                literal("Subject: Inner\nDate: Mon, 7 Sep 2026 08:00:00 +0000\n\n")));
        assertThat(nested.fetch("BODY[3.HEADER.FIELDS.NOT (From Date Subject)]")).isEqualTo(response(
                "BODY[3.HEADER.FIELDS.NOT (FROM DATE SUBJECT)]",
                literal("Content-Type: multipart/mixed; boundary=inner\n\n")));
    }

    @Test
    void partsThatDoNotExistAreEmptyStrings() {
        assertThat(nested.fetch("BODY[5]")).isEqualTo(response("BODY[5]", "\"\""));
        assertThat(nested.fetch("BODY[1.1]")).isEqualTo(response("BODY[1.1]", "\"\""));
        assertThat(nested.fetch("BODY[3.3]")).isEqualTo(response("BODY[3.3]", "\"\""));
        assertThat(nested.fetch("BODY[2.3.MIME]")).isEqualTo(response("BODY[2.3.MIME]", "\"\""));
        // RFC 3501 6.4.5: HEADER and TEXT after a part number are for message/rfc822 parts only.
        assertThat(nested.fetch("BODY[1.HEADER]")).isEqualTo(response("BODY[1.HEADER]", "\"\""));
        assertThat(nested.fetch("BODY[2.TEXT]")).isEqualTo(response("BODY[2.TEXT]", "\"\""));
        assertThat(nested.fetch("BODY[4.HEADER.FIELDS (From)]"))
                .isEqualTo(response("BODY[4.HEADER.FIELDS (FROM)]", "\"\""));
    }

    @Test
    void aMessageThatIsNotMultipartHasOnlyAPartOne() {
        String body = "Hi Bob,\nshall we eat at noon?\n";
        assertThat(simple.fetch("BODY[1]")).isEqualTo(response("BODY[1]", literal(body)));
        assertThat(simple.fetch("BODY[TEXT]")).isEqualTo(response("BODY[TEXT]", literal(body)));
        String whole = TestMessage.resourceText("simple.eml");
        assertThat(simple.fetch("BODY[1.MIME]"))
                .isEqualTo(response("BODY[1.MIME]", literal(whole.substring(0, whole.length() - body.length()))));
        assertThat(simple.fetch("BODY[2]")).isEqualTo(response("BODY[2]", "\"\""));
    }

    @Test
    void aTopLevelMessageRfc822BodyIsPartOne() {
        TestMessage m = new TestMessage(TestMessage.crlf("""
                From: a@example.org
                Content-Type: message/rfc822

                From: b@example.org
                Subject: wrapped

                inside
                """), Flags.NONE, false);
        assertThat(m.fetch("BODY[1.HEADER]"))
                .isEqualTo(response("BODY[1.HEADER]", literal("From: b@example.org\nSubject: wrapped\n\n")));
        assertThat(m.fetch("BODY[1.TEXT]")).isEqualTo(response("BODY[1.TEXT]", literal("inside\n")));
        assertThat(m.fetch("BODY[1.1]")).isEqualTo(response("BODY[1.1]", literal("inside\n")));
    }

    @Test
    void digestPartsAreMessagesEvenWithoutContentType() {
        // RFC 2046 5.1.5: in multipart/digest a part without Content-Type is message/rfc822.
        TestMessage digest = TestMessage.resource("digest.eml");
        String first = "From: one@example.com\nSubject: first\n\nFirst body.\n";
        assertThat(digest.fetch("BODY[1]")).isEqualTo(response("BODY[1]", literal(first)));
        assertThat(digest.fetch("BODY[1.MIME]")).isEqualTo(response("BODY[1.MIME]", literal("\n")));
        assertThat(digest.fetch("BODY[1.HEADER]"))
                .isEqualTo(response("BODY[1.HEADER]", literal("From: one@example.com\nSubject: first\n\n")));
        assertThat(digest.fetch("BODY[1.TEXT]")).isEqualTo(response("BODY[1.TEXT]", literal("First body.\n")));
        assertThat(digest.fetch("BODY[1.1]")).isEqualTo(response("BODY[1.1]", literal("First body.\n")));
        assertThat(digest.fetch("BODY[2.MIME]")).isEqualTo(response("BODY[2.MIME]", literal("X-Archived: yes\n\n")));
        assertThat(digest.fetch("BODY[2.HEADER.FIELDS (Subject)]"))
                .isEqualTo(response("BODY[2.HEADER.FIELDS (SUBJECT)]", literal("Subject: second\n\n")));
        assertThat(digest.fetch("BODY[2.TEXT]")).isEqualTo(response("BODY[2.TEXT]", literal("Second body.\n")));
    }

    @Test
    void aMessageForwardedTwiceNestsItsNumbers() {
        String innermost = "From: c@example.org\nSubject: innermost\n\nHello.\n";
        String middle = "From: b@example.org\nContent-Type: message/rfc822\n\n" + innermost;
        TestMessage m = new TestMessage(TestMessage.crlf(
                "From: a@example.org\nContent-Type: message/rfc822\n\n" + middle), Flags.NONE, false);
        assertThat(m.fetch("BODY[1]")).isEqualTo(response("BODY[1]", literal(middle)));
        assertThat(m.fetch("BODY[1.HEADER]")).isEqualTo(
                response("BODY[1.HEADER]", literal("From: b@example.org\nContent-Type: message/rfc822\n\n")));
        assertThat(m.fetch("BODY[1.TEXT]")).isEqualTo(response("BODY[1.TEXT]", literal(innermost)));
        assertThat(m.fetch("BODY[1.1]")).isEqualTo(response("BODY[1.1]", literal(innermost)));
        assertThat(m.fetch("BODY[1.1.HEADER]")).isEqualTo(
                response("BODY[1.1.HEADER]", literal("From: c@example.org\nSubject: innermost\n\n")));
        assertThat(m.fetch("BODY[1.1.TEXT]")).isEqualTo(response("BODY[1.1.TEXT]", literal("Hello.\n")));
        assertThat(m.fetch("BODY[1.1.1]")).isEqualTo(response("BODY[1.1.1]", literal("Hello.\n")));
        assertThat(m.fetch("BODY[1.1.1.1]")).isEqualTo(response("BODY[1.1.1.1]", "\"\""));
    }

    @Test
    void partialsAnswerWithTheOriginOnly() {
        // RFC 3501 6.4.5, 7.4.2: "BODY[]<0>"; a count beyond the end is cut, an origin beyond it gives "".
        assertThat(nested.fetch("BODY.PEEK[1]<0.3>")).isEqualTo(response("BODY[1]<0>", "{3}\r\nSum"));
        assertThat(nested.fetch("BODY.PEEK[1]<8.100>")).isEqualTo(response("BODY[1]<8>", "{6}\r\nfirst."));
        assertThat(nested.fetch("BODY.PEEK[1]<14.1>")).isEqualTo(response("BODY[1]<14>", "\"\""));
        assertThat(nested.fetch("BODY.PEEK[1]<4294967295.1>")).isEqualTo(response("BODY[1]<4294967295>", "\"\""));
        assertThat(nested.fetch("BODY[]<0.4>")).isEqualTo(response("BODY[]<0>", "{4}\r\nFrom"));
        int size = nested.bytes().length;
        assertThat(nested.fetch("BODY[]<" + (size - 3) + ".10>"))
                .isEqualTo(response("BODY[]<" + (size - 3) + ">", "{3}\r\n.\r\n"));
        assertThat(nested.fetch("BODY[HEADER.FIELDS (Subject)]<9.100>"))
                .isEqualTo(response("BODY[HEADER.FIELDS (SUBJECT)]<9>", "{10}\r\nReport\r\n\r\n"));
        assertThat(nested.fetch("BODY[HEADER.FIELDS (Subject)]<19.1>"))
                .isEqualTo(response("BODY[HEADER.FIELDS (SUBJECT)]<19>", "\"\""));
        assertThat(nested.fetch("BODY[9]<0.1>")).isEqualTo(response("BODY[9]<0>", "\"\""));
    }

    @Test
    void severalSectionsInOneResponse() {
        assertThat(nested.fetch("UID", "BODY.PEEK[2.1]", "BODY.PEEK[3.1]<0.5>")).isEqualTo(
                "* 1 FETCH (UID 42 BODY[2.1] {11}\r\nPlain body. BODY[3.1]<0> {5}\r\nInner)\r\n");
    }

    @Test
    void bytesThatAreNotUtf8AreServedAsStored() {
        byte[] latin1 = "Subject: caf\u00e9\r\n\r\nna\u00efve\r\n".getBytes(StandardCharsets.ISO_8859_1);
        TestMessage m = new TestMessage(latin1, Flags.NONE, false);
        assertThat(m.fetchBytes("BODY.PEEK[TEXT]")).isEqualTo(
                ("* 1 FETCH (BODY[TEXT] {7}\r\nna\u00efve\r\n)\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void eightBitHeaderFieldsAreFilteredAsStoredBytes() {
        byte[] latin1 = "From: a@example.org\r\nSubject: caf\u00e9\r\n cr\u00e8me\r\n\r\nbody\r\n".getBytes(StandardCharsets.ISO_8859_1);
        TestMessage m = new TestMessage(latin1, Flags.NONE, false);
        assertThat(m.fetchBytes("BODY.PEEK[HEADER.FIELDS (SUBJECT)]")).isEqualTo(("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {25}\r\n"
                + "Subject: caf\u00e9\r\n cr\u00e8me\r\n\r\n)\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A literal of {@code text} with its line ends made CRLF, as the test messages are stored. */
    static String literal(String text) {
        String crlf = text.replace("\n", "\r\n");
        return "{" + crlf.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + crlf;
    }

    static String response(String item, String value) {
        return "* 1 FETCH (" + item + " " + value + ")\r\n";
    }
}
