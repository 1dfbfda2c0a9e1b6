package org.facteur.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.mailbox.mime.Samples.body;
import static org.facteur.mailbox.mime.Samples.crlf;
import static org.facteur.mailbox.mime.Samples.header;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The structure tree and, for every part, the exact octets its offsets select. */
class MessageStructureTest {

    @Test
    void simpleTextMessage() {
        byte[] m = crlf(Samples.SIMPLE);
        MessageSummary s = MessageParser.parse(m);

        assertThat(s.size()).isEqualTo(m.length);
        assertThat(s.lines()).isEqualTo(9);
        MimePart root = s.root();
        assertThat(root.content().type()).isEqualTo("text");
        assertThat(root.content().subtype()).isEqualTo("plain");
        assertThat(root.content().parameters()).containsExactly(new Parameter("charset", "US-ASCII"));
        assertThat(root.content().encoding()).isEqualTo("7bit");
        assertThat(root.headerStart()).isZero();
        assertThat(header(m, root)).startsWith("Date: Mon, 7 Feb 1994").endsWith("CHARSET=US-ASCII\r\n\r\n");
        assertThat(body(m, root)).isEqualTo("Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n");
        assertThat(root.bodyLines()).isEqualTo(1);
        assertThat(root.bodyEnd()).isEqualTo(m.length);
        assertThat(root.children()).isEmpty();
    }

    @Test
    void multipartAlternative() {
        byte[] m = crlf(Samples.ALTERNATIVE);
        MimePart root = MessageParser.parse(m).root();

        assertThat(root.content().type()).isEqualTo("multipart");
        assertThat(root.content().subtype()).isEqualTo("alternative");
        assertThat(root.content().parameters()).containsExactly(new Parameter("boundary", "b1"));
        assertThat(header(m, root)).isEqualTo(
                "From: a@example.com\r\nSubject: alt\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n");
        assertThat(root.children()).hasSize(2);

        MimePart plain = root.children().get(0);
        assertThat(header(m, plain)).isEqualTo("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        // RFC 2046 5.1.1: the CRLF before the boundary belongs to the boundary.
        assertThat(body(m, plain)).isEqualTo("plain text");
        assertThat(plain.bodyLines()).isEqualTo(1);

        MimePart html = root.children().get(1);
        assertThat(html.content().subtype()).isEqualTo("html");
        assertThat(html.content().encoding()).isEqualTo("quoted-printable");
        assertThat(header(m, html)).isEqualTo(
                "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
        assertThat(body(m, html)).isEqualTo("<p>html</p>");
        // The multipart's own body runs to the end, close delimiter and its CRLF included.
        assertThat(body(m, root)).startsWith("--b1\r\n").endsWith("--b1--\r\n");
    }

    @Test
    void multipartMixedWithAttachments() {
        byte[] m = crlf(Samples.MIXED);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(3);

        MimePart text = root.children().get(0);
        assertThat(text.content().parameters()).isEmpty(); // as written: no charset invented
        assertThat(body(m, text)).isEqualTo("see attached");

        MimePart pdf = root.children().get(1);
        ContentFields c = pdf.content();
        assertThat(c.type() + "/" + c.subtype()).isEqualTo("application/pdf");
        assertThat(c.parameters()).containsExactly(new Parameter("name", "report.pdf"));
        assertThat(c.encoding()).isEqualTo("base64");
        assertThat(c.disposition()).isEqualTo(new Disposition("attachment",
                List.of(new Parameter("filename", "report.pdf"), new Parameter("size", "12"))));
        assertThat(c.id()).isEqualTo("<pdf1@example.com>");
        assertThat(c.description()).isEqualTo("The report");
        assertThat(c.md5()).isEqualTo("Q2hlY2sgSW50ZWdyaXR5IQ==");
        assertThat(c.languages()).containsExactly("en", "fr");
        assertThat(c.location()).isEqualTo("http://example.com/report.pdf");
        assertThat(body(m, pdf)).isEqualTo("JVBERi0xLjQK\r\nAAAA");
        assertThat(pdf.bodySize()).isEqualTo(18);
        assertThat(pdf.bodyLines()).isEqualTo(2);
        assertThat(c.fileName()).isEqualTo("report.pdf");

        MimePart rates = root.children().get(2);
        // RFC 2231: BODYSTRUCTURE keeps the parameter as written; fileName() decodes it.
        assertThat(rates.content().disposition().parameters())
                .containsExactly(new Parameter("filename*", "utf-8''%E2%82%AC%20rates.txt"));
        assertThat(rates.content().fileName()).isEqualTo("\u20ac rates.txt");
        assertThat(header(m, rates)).isEqualTo("Content-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment;\r\n filename*=utf-8''%E2%82%AC%20rates.txt\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n");
        assertThat(body(m, rates)).isEqualTo("AAAA");
    }

    @Test
    void rfc2231ContinuationsAndEncodedWordFileNames() {
        byte[] m = crlf("""
                Content-Type: multipart/mixed; boundary=z

                --z
                Content-Type: application/octet-stream; name="=?ISO-8859-1?Q?r=E9sum=E9.txt?="
                Content-Disposition: attachment; filename*0*=utf-8''long%20; filename*1="name.txt"

                x
                --z--
                """);
        ContentFields c = MessageParser.parse(m).root().children().get(0).content();
        assertThat(c.disposition().parameters()).extracting(Parameter::name).containsExactly("filename*0*", "filename*1");
        assertThat(c.fileName()).isEqualTo("long name.txt");
        assertThat(c.decodedParameter("name")).isEqualTo("r\u00e9sum\u00e9.txt");
        assertThat(c.parameter("name")).isEqualTo("=?ISO-8859-1?Q?r=E9sum=E9.txt?=");
    }

    @Test
    void nestedMultipart() {
        byte[] m = crlf(Samples.NESTED);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(2);

        MimePart alternative = root.children().get(0);
        assertThat(alternative.content().subtype()).isEqualTo("alternative");
        assertThat(header(m, alternative)).isEqualTo("Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n");
        assertThat(body(m, alternative)).isEqualTo("--inner\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
                + "--inner\r\nContent-Type: text/html\r\n\r\n<b>html</b>\r\n--inner--");
        assertThat(alternative.children()).extracting(p -> body(m, p)).containsExactly("plain", "<b>html</b>");

        MimePart png = root.children().get(1);
        assertThat(png.content().type()).isEqualTo("image");
        assertThat(body(m, png)).isEqualTo("iVBORw0KGgo=");
    }

    @Test
    void messageRfc822WithItsOwnMultipart() {
        byte[] m = crlf(Samples.RFC822);
        MessageSummary s = MessageParser.parse(m);
        MimePart attached = s.root().children().get(1);

        assertThat(attached.content().type() + "/" + attached.content().subtype()).isEqualTo("message/rfc822");
        assertThat(header(m, attached)).isEqualTo("Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n");
        assertThat(body(m, attached)).startsWith("From: Inner Sender").endsWith("<p>inner</p>\r\n--i--");
        assertThat(attached.bodyLines()).isEqualTo(17);

        EmbeddedMessage inner = attached.embedded();
        assertThat(inner.envelope().subject()).isEqualTo("inner subject");
        assertThat(inner.envelope().from()).containsExactly(new Address("Inner Sender", null, "inner", "example.org"));
        assertThat(inner.envelope().messageId()).isEqualTo("<inner@example.org>");
        assertThat(inner.root().headerStart()).isEqualTo(attached.bodyStart());
        assertThat(inner.root().bodyEnd()).isEqualTo(attached.bodyEnd());
        assertThat(header(m, inner.root())).isEqualTo("From: Inner Sender <inner@example.org>\r\n"
                + "To: x@example.org\r\nSubject: inner subject\r\nDate: Tue, 1 Jan 2019 10:00:00 +0000\r\n"
                + "Message-ID: <inner@example.org>\r\nContent-Type: multipart/alternative; boundary=\"i\"\r\n\r\n");
        assertThat(inner.root().children()).extracting(p -> body(m, p))
                .containsExactly("inner plain\r\nline two", "<p>inner</p>");
        assertThat(inner.root().children().get(0).bodyLines()).isEqualTo(2);
    }

    @Test
    void digestChildrenDefaultToMessageRfc822() {
        byte[] m = crlf(Samples.DIGEST);
        MimePart root = MessageParser.parse(m).root();

        MimePart first = root.children().get(0);
        // RFC 2046 5.1.5: no Content-Type in a digest means message/rfc822.
        assertThat(first.content().type() + "/" + first.content().subtype()).isEqualTo("message/rfc822");
        assertThat(header(m, first)).isEqualTo("\r\n");
        assertThat(first.embedded().envelope().subject()).isEqualTo("first");
        MimePart innerRoot = first.embedded().root();
        // ... and inside that message the usual default applies again (RFC 2045 5.2).
        assertThat(innerRoot.content().parameters()).containsExactly(new Parameter("charset", "us-ascii"));
        assertThat(body(m, innerRoot)).isEqualTo("first body");

        MimePart second = root.children().get(1);
        assertThat(second.content().type()).isEqualTo("text");
        assertThat(second.embedded()).isNull();
    }

    @Test
    void preambleAndEpilogueBelongToTheMultipartBodyOnly() {
        byte[] m = crlf(Samples.PREAMBLE_EPILOGUE);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(1);
        assertThat(body(m, root.children().get(0))).isEqualTo("part one");
        assertThat(body(m, root)).isEqualTo("This is the preamble.\r\n--p\r\nContent-Type: text/plain\r\n\r\n"
                + "part one\r\n--p--\r\nThis is the epilogue.\r\n");
        assertThat(root.bodyLines()).isEqualTo(7);
    }

    @Test
    void missingFinalBoundaryEndsTheLastPartAtTheEndOfTheFile() {
        byte[] m = crlf(Samples.MISSING_FINAL_BOUNDARY);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).extracting(p -> body(m, p))
                .containsExactly("one", "two, and the file ends\r\n");
        assertThat(root.children().get(1).bodyEnd()).isEqualTo(m.length);
    }

    @Test
    void innerPartWithoutCloseDelimiterEndsAtTheOuterBoundary() {
        byte[] m = crlf("""
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner

                unterminated
                --outer
                Content-Type: text/plain

                after
                --outer--
                """);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(2);
        assertThat(body(m, root.children().get(0).children().get(0))).isEqualTo("unterminated");
        assertThat(body(m, root.children().get(1))).isEqualTo("after");
    }

    @Test
    void headersOnlyGiveAnEmptyBodyAtTheEnd() {
        byte[] m = crlf(Samples.HEADERS_ONLY);
        MessageSummary s = MessageParser.parse(m);
        assertThat(s.root().bodyStart()).isEqualTo(m.length);
        assertThat(s.root().bodySize()).isZero();
        assertThat(s.root().bodyLines()).isZero();
        assertThat(header(m, s.root())).isEqualTo("From: a@example.com\r\nSubject: nothing else\r\n");
        assertThat(s.lines()).isEqualTo(2);
    }

    @Test
    void bareLineFeedsWorkLikeCrlf() {
        byte[] m = Samples.ALTERNATIVE.getBytes(StandardCharsets.US_ASCII);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(2);
        assertThat(header(m, root.children().get(0))).isEqualTo("Content-Type: text/plain; charset=utf-8\n\n");
        assertThat(body(m, root.children().get(0))).isEqualTo("plain text");
        assertThat(body(m, root.children().get(1))).isEqualTo("<p>html</p>");
    }

    @Test
    void boundaryNeedsAnExactMatchButAllowsTransportPadding() {
        byte[] m = crlf("""
                Content-Type: multipart/mixed; boundary=b

                --b \t
                Content-Type: text/plain

                --bb is not a boundary
                --b-- is not one either
                --b--\s\s
                """);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(1);
        assertThat(body(m, root.children().get(0))).isEqualTo("--bb is not a boundary\r\n--b-- is not one either");
    }

    @Test
    void emptyPartsAndAPartWithoutHeader() {
        byte[] m = crlf("""
                Content-Type: multipart/mixed; boundary=e

                --e
                --e

                no header here
                --e
                Content-Type: text/plain

                --e--
                """);
        MimePart root = MessageParser.parse(m).root();
        assertThat(root.children()).hasSize(3);
        MimePart empty = root.children().get(0);
        assertThat(empty.headerSize()).isZero();
        assertThat(empty.bodySize()).isZero();
        assertThat(empty.bodyLines()).isZero();
        assertThat(header(m, root.children().get(1))).isEqualTo("\r\n");
        assertThat(body(m, root.children().get(1))).isEqualTo("no header here");
        MimePart headerOnly = root.children().get(2);
        assertThat(header(m, headerOnly)).isEqualTo("Content-Type: text/plain\r\n\r\n");
        assertThat(headerOnly.bodySize()).isZero();
        assertThat(headerOnly.bodyLines()).isZero();
    }

    @Test
    void bodyLinesCountAFinalLineWithoutLineEnd() {
        byte[] m = "Subject: x\r\n\r\none\r\n\r\nthree".getBytes(StandardCharsets.US_ASCII);
        MessageSummary s = MessageParser.parse(m);
        assertThat(s.root().bodyLines()).isEqualTo(3);
        assertThat(s.lines()).isEqualTo(5);
    }

    @Test
    void unusableMultipartsAndEncodedMessagesDegradeToTextPlain() {
        byte[] noBoundary = crlf("Content-Type: multipart/mixed\n\nbody\n");
        byte[] boundaryNeverSeen = crlf("Content-Type: multipart/mixed; boundary=zz\n\n--yy\nbody\n");
        byte[] base64Message = crlf("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nRnJvbTogYQ==\n");
        byte[] invalidType = crlf("Content-Type: garbage\n\nbody\n");
        for (byte[] m : List.of(noBoundary, boundaryNeverSeen, base64Message, invalidType)) {
            MimePart root = MessageParser.parse(m).root();
            assertThat(root.content().type() + "/" + root.content().subtype()).isEqualTo("text/plain");
            assertThat(root.content().parameters()).containsExactly(new Parameter("charset", "us-ascii"));
            assertThat(root.children()).isEmpty();
            assertThat(root.embedded()).isNull();
            assertThat(root.bodyEnd()).isEqualTo(m.length);
        }
        assertThat(MessageParser.parse(base64Message).root().content().encoding()).isEqualTo("base64");
    }
}
