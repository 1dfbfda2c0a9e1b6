package org.facteur.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.mailbox.mime.Samples.crlf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class EnvelopeAndSearchTest {

    @Test
    void envelopeOfASimpleMessageIsRaw() {
        Envelope e = MessageParser.parse(crlf(Samples.SIMPLE)).envelope();
        assertThat(e.date()).isEqualTo("Mon, 7 Feb 1994 21:52:25 -0800 (PST)");
        assertThat(e.subject()).isEqualTo("afternoon meeting");
        assertThat(e.from()).containsExactly(new Address("Fred Foobar", null, "foobar", "Blurdybloop.example"));
        assertThat(e.to()).containsExactly(new Address(null, null, "mooch", "owatagu.siam.edu.example"));
        assertThat(e.cc()).isEmpty();
        assertThat(e.messageId()).isEqualTo("<B27397-0100000@Blurdybloop.example>");
        assertThat(e.inReplyTo()).isNull();
    }

    @Test
    void senderAndReplyToAreStoredAsWrittenAndDefaultToFromOnRead() {
        Envelope e = MessageParser.parse(crlf(Samples.SIMPLE)).envelope();
        assertThat(e.sender()).isEmpty();
        assertThat(e.replyTo()).isEmpty();
        // RFC 3501 7.4.2
        assertThat(e.imapSender()).isEqualTo(e.from());
        assertThat(e.imapReplyTo()).isEqualTo(e.from());

        Envelope groups = MessageParser.parse(crlf(Samples.GROUPS)).envelope();
        assertThat(groups.imapSender()).containsExactly(new Address("Secretary", null, "sec", "example.net"));
    }

    @Test
    void encodedWordsStayRawInTheEnvelopeAndAreDecodedForSearch() {
        MessageSummary s = MessageParser.parse(crlf(Samples.ENCODED_WORDS));
        Envelope e = s.envelope();
        assertThat(e.subject()).isEqualTo("=?UTF-8?B?w6lsw6hiZQ==?= and =?ISO-8859-1?Q?caf=E9?=");
        assertThat(e.from()).containsExactly(
                new Address("=?UTF-8?Q?Andr=C3=A9_Pirard?=", null, "pirard", "example.be"));
        assertThat(e.to()).containsExactly(
                new Address("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", null, "keld", "example.dk"),
                new Address("Plain, Name", null, "plain", "example.com"));

        SearchFields f = s.search();
        assertThat(f.subject()).isEqualTo("\u00e9l\u00e8be and caf\u00e9");
        assertThat(f.from()).containsExactly(new MailAddress("Andr\u00e9 Pirard", "pirard@example.be"));
        assertThat(f.to()).containsExactly(
                new MailAddress("Keld J\u00f8rn Simonsen", "keld@example.dk"),
                new MailAddress("Plain, Name", "plain@example.com"));
    }

    @Test
    void aCommentAfterAnAddressWithoutDisplayNameIsItsName() {
        String message = "From: user@domain.org (RealFrom)\n"
                + "To: a@example.org (First (nested) one), a@example.org, \"Named\" <b@example.org> (ignored)\n"
                + "Cc: c@example.org (\\(escaped\\))\n"
                + "Subject: comments\n\nbody\n";
        MessageSummary s = MessageParser.parse(crlf(message));
        assertThat(s.envelope().from()).containsExactly(new Address("RealFrom", null, "user", "domain.org"));
        assertThat(s.envelope().to()).containsExactly(
                new Address("First (nested) one", null, "a", "example.org"),
                new Address(null, null, "a", "example.org"),
                new Address("Named", null, "b", "example.org"));
        assertThat(s.envelope().cc()).containsExactly(new Address("(escaped)", null, "c", "example.org"));
        assertThat(s.search().from()).containsExactly(new MailAddress("RealFrom", "user@domain.org"));
    }

    @Test
    void groupSyntaxUsesRfc3501Markers() {
        Envelope e = MessageParser.parse(crlf(Samples.GROUPS)).envelope();
        assertThat(e.replyTo()).containsExactly(
                Address.groupStart("Lists"),
                new Address(null, null, "a", "example.org"),
                new Address("B", null, "b", "example.org"),
                Address.groupEnd(),
                new Address(null, null, "solo", "example.org"));
        assertThat(e.to()).containsExactly(Address.groupStart("undisclosed-recipients"), Address.groupEnd());
        assertThat(e.to().get(0).isGroupStart()).isTrue();
        assertThat(e.to().get(1).isGroupEnd()).isTrue();
    }

    @Test
    void malformedAddressesNeverLookLikeGroupMarkers() {
        Envelope e = MessageParser.parse(crlf(Samples.GROUPS)).envelope();
        assertThat(e.cc()).containsExactly(
                new Address(null, null, "not an address", Address.MISSING_DOMAIN),
                new Address(null, "@route.example", "routed", "example.com"),
                new Address(null, null, "broken", Address.MISSING_DOMAIN));
        assertThat(e.cc()).noneMatch(a -> a.isGroupStart() || a.isGroupEnd());
    }

    @Test
    void threadingFieldsListMessageIds() {
        MessageSummary s = MessageParser.parse(crlf(Samples.GROUPS));
        assertThat(s.envelope().inReplyTo()).isEqualTo("<parent@example.net> (comment)");
        assertThat(s.search().inReplyTo()).containsExactly("<parent@example.net>");
        assertThat(s.search().references()).containsExactly("<root@example.net>", "<parent@example.net>");
        assertThat(MessageParser.parse(crlf(Samples.SIMPLE)).search().messageId())
                .isEqualTo("<B27397-0100000@Blurdybloop.example>");
    }

    @Test
    void dateIsParsedToAnInstantOrNull() {
        assertThat(MessageParser.parse(crlf(Samples.SIMPLE)).search().date())
                .isEqualTo(Instant.parse("1994-02-08T05:52:25Z"));
        assertThat(MessageParser.parse(crlf("Date: not a date at all\n\nx\n")).search().date()).isNull();
        assertThat(MessageParser.parse(crlf("Subject: no date\n\nx\n")).search().date()).isNull();
    }

    @Test
    void foldedHeadersAreUnfolded() {
        Envelope e = MessageParser.parse(crlf("Subject: a long\n  folded subject\nTo: a@example.com,\n\tb@example.com\n\nx\n"))
                .envelope();
        assertThat(e.subject()).isEqualTo("a long  folded subject");
        assertThat(e.to()).extracting(Address::mailbox).containsExactly("a", "b");
    }

    @Test
    void eightBitHeadersAreReadAsUtf8OrLatin1() {
        byte[] utf8 = "Subject: caf\u00e9 \u2615\r\nFrom: J\u00fcrgen <j@example.de>\r\n\r\nx"
                .getBytes(StandardCharsets.UTF_8);
        MessageSummary s = MessageParser.parse(utf8);
        assertThat(s.envelope().subject()).isEqualTo("caf\u00e9 \u2615");
        assertThat(s.search().from()).containsExactly(new MailAddress("J\u00fcrgen", "j@example.de"));

        byte[] latin1 = "Subject: caf\u00e9\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(MessageParser.parse(latin1).envelope().subject()).isEqualTo("caf\u00e9");
    }
}
