package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.Flags;
import org.junit.jupiter.api.Test;

/** ENVELOPE, BODY and BODYSTRUCTURE (RFC 3501 7.4.2) from summaries the store's parser computed. */
class StructureTest {

    private static final String INNER_ENVELOPE = "(\"Mon, 7 Sep 2026 08:00:00 +0000\" \"Inner\""
            + " ((\"Grace\" NIL \"grace\" \"example.com\")) ((\"Grace\" NIL \"grace\" \"example.com\"))"
            + " ((\"Grace\" NIL \"grace\" \"example.com\")) NIL NIL NIL NIL NIL)";

    private final TestMessage nested = TestMessage.resource("nested.eml");
    private final TestMessage groups = TestMessage.resource("groups.eml");

    @Test
    void envelopeDefaultsSenderAndReplyToToFromAndListsAddressesWithoutSpaces() {
        assertThat(nested.fetch("ENVELOPE")).isEqualTo("* 1 FETCH (ENVELOPE (\"Tue, 8 Sep 2026 10:00:00 +0000\" \"Report\""
                + " ((\"Carol\" NIL \"carol\" \"example.org\")) ((\"Carol\" NIL \"carol\" \"example.org\"))"
                + " ((\"Carol\" NIL \"carol\" \"example.org\"))"
                + " ((\"Dave\" NIL \"dave\" \"example.net\")(\"Erin\" NIL \"erin\" \"example.net\"))"
                + " ((\"Frank, Jr.\" NIL \"frank\" \"example.com\")) NIL"
                + " \"<question-1@example.net>\" \"<report-2@example.org>\"))\r\n");
    }

    @Test
    void envelopeGroupsRoutesQuotesAndNonAsciiText() {
        // RFC 3501 7.4.2: a group opens with (NIL NIL name NIL) and closes with (NIL NIL NIL NIL);
        // an 8-bit subject cannot be quoted without UTF8=ACCEPT, so it goes as a literal.
        String subject = "Café à 10h";
        String expected = "* 1 FETCH (ENVELOPE (\"Wed, 9 Sep 2026 07:30:00 +0200\" {"
                + subject.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + subject
                + " ((\"=?UTF-8?Q?Ren=C3=A9?=\" NIL \"rene\" \"example.fr\"))"
                + " ((NIL NIL \"secretary\" \"example.fr\")) ((NIL NIL \"replies\" \"example.fr\"))"
                + " ((NIL NIL \"Team\" NIL)(NIL NIL \"ann\" \"example.com\")(\"Bo \\\"B\\\" Li\" NIL \"bo\" \"example.com\")"
                + "(NIL NIL NIL NIL)(NIL NIL \"solo\" \"example.com\"))"
                + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"
                + " ((\"Hidden\" \"@relay.example,@hop.example\" \"hidden\" \"example.com\"))"
                + " NIL \"<grp-3@example.fr>\"))\r\n";
        assertThat(groups.fetch("ENVELOPE")).isEqualTo(expected);
    }

    @Test
    void nonAsciiTextIsQuotedOnceTheClientAcceptsUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImapWriter writer = new ImapWriter(out);
        writer.utf8Accepted(true);
        FetchRequest.parse(List.of(new Arg.Atom("ENVELOPE"))).write(writer, 3, groups, false);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
                "* 3 FETCH (ENVELOPE (\"Wed, 9 Sep 2026 07:30:00 +0200\" \"Café à 10h\" ((");
    }

    @Test
    void envelopeOfAMessageWithoutHeaderIsAllNil() {
        TestMessage bare = new TestMessage(TestMessage.crlf("\nbody\n"), Flags.NONE, false);
        assertThat(bare.fetch("ENVELOPE")).isEqualTo("* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
    }

    @Test
    void bodystructureOfNestedMultipartsAndAMessageRfc822() {
        assertThat(nested.fetch("BODYSTRUCTURE")).isEqualTo("* 1 FETCH (BODYSTRUCTURE ("
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 14 1 NIL NIL NIL NIL)"
                + "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 11 1 NIL NIL NIL NIL)"
                + "(\"TEXT\" \"HTML\" (\"CHARSET\" \"iso-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 17 1 NIL NIL NIL NIL)"
                + " \"ALTERNATIVE\" (\"BOUNDARY\" \"alt\") NIL NIL NIL)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL \"forwarded\" \"7BIT\" 332 " + INNER_ENVELOPE
                + " ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 11 1 NIL NIL NIL NIL)"
                + "(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME\" \"data.bin\") NIL NIL \"BASE64\" 8 NIL"
                + " (\"ATTACHMENT\" (\"FILENAME\" \"data.bin\")) NIL NIL)"
                + " \"MIXED\" (\"BOUNDARY\" \"inner\") NIL NIL NIL) 15 NIL NIL NIL NIL)"
                + "(\"IMAGE\" \"PNG\" (\"NAME\" \"dot.png\") \"<dot@example.org>\" NIL \"BASE64\" 12"
                + " \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"INLINE\" (\"FILENAME\" \"dot.png\")) (\"en\" \"fr\")"
                + " \"http://example.org/dot.png\")"
                + " \"MIXED\" (\"BOUNDARY\" \"outer\") NIL (\"en\") NIL))\r\n");
    }

    @Test
    void bodyIsBodystructureWithoutExtensionDataAtEveryLevel() {
        assertThat(nested.fetch("BODY")).isEqualTo("* 1 FETCH (BODY ("
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 14 1)"
                + "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 11 1)"
                + "(\"TEXT\" \"HTML\" (\"CHARSET\" \"iso-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 17 1) \"ALTERNATIVE\")"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL \"forwarded\" \"7BIT\" 332 " + INNER_ENVELOPE
                + " ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 11 1)"
                + "(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME\" \"data.bin\") NIL NIL \"BASE64\" 8) \"MIXED\") 15)"
                + "(\"IMAGE\" \"PNG\" (\"NAME\" \"dot.png\") \"<dot@example.org>\" NIL \"BASE64\" 12)"
                + " \"MIXED\"))\r\n");
    }

    @Test
    void aMessageWithoutContentTypeIsUsAsciiPlainText() {
        // RFC 2045 5.2
        TestMessage plain = new TestMessage(TestMessage.crlf("Subject: x\n\none\ntwo"), Flags.NONE, false);
        assertThat(plain.fetch("BODYSTRUCTURE")).isEqualTo(
                "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 8 2 NIL NIL NIL NIL))\r\n");
    }

    @Test
    void aNonTextSinglePartHasNoLineCount() {
        TestMessage pdf = new TestMessage(TestMessage.crlf("""
                Content-Type: application/pdf
                Content-Transfer-Encoding: base64
                Content-Disposition: attachment

                JVBERi0=
                """), Flags.NONE, false);
        assertThat(pdf.fetch("BODY", "BODYSTRUCTURE")).isEqualTo("* 1 FETCH ("
                + "BODY (\"APPLICATION\" \"PDF\" NIL NIL NIL \"BASE64\" 10)"
                + " BODYSTRUCTURE (\"APPLICATION\" \"PDF\" NIL NIL NIL \"BASE64\" 10 NIL (\"ATTACHMENT\" NIL) NIL NIL))\r\n");
    }
}
