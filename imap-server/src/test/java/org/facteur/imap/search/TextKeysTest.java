package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.mailbox.Flags;
import org.junit.jupiter.api.Test;

/**
 * The string keys (RFC 3501 6.4.4): case-insensitive substrings of decoded header fields, of
 * bodies decoded from base64 / quoted-printable and their charset, with CHARSET applied to the
 * search strings.
 */
class TextKeysTest {

    private final TestMailbox mailbox = new TestMailbox();

    @Test
    void addressKeysMatchNameAndAddress() {
        assertThat(mailbox.search("FROM foobar")).containsExactly(1L);
        assertThat(mailbox.search("FROM \"fred foobar\"")).containsExactly(1L);
        assertThat(mailbox.search("FROM \"Fred Foobar <foobar@blurdybloop\"")).containsExactly(1L);
        assertThat(mailbox.search("FROM @example.com")).containsExactly(4L, 5L);
        assertThat(mailbox.search("TO team")).containsExactly(2L);
        assertThat(mailbox.search("TO mooch@owatagu")).containsExactly(1L);
        assertThat(mailbox.search("CC \"ann other\"")).containsExactly(1L);
        assertThat(mailbox.search("CC ann@example.org")).containsExactly(1L);
        assertThat(mailbox.search("BCC hidden")).containsExactly(2L);
        assertThat(mailbox.search("TO hidden")).isEmpty();
    }

    @Test
    void groupNamesMatchAsAddressesDo() {
        TestMessage group = new TestMessage(1, 1, Flags.NONE, Instant.EPOCH,
                ("To: groupname: groupuser1@domain.org, groupuser2@domain.org;,\r\n"
                        + "  =?utf-8?q?gr=C3=BCppe?=: groupuser3@domain.org;\r\nCc: undisclosed-recipients:;\r\n\r\nbody\r\n")
                        .getBytes(StandardCharsets.UTF_8), false);
        for (String found : new String[] {"groupname", "groupuser2", "groupuser3@domain", "GRÜPPE", "undisclosed"}) {
            String key = found.equals("undisclosed") ? "CC " : "TO ";
            assertThat(SearchRequest.parse(TestArgs.of(key + found)).matches(group, 1, 1)).as(found).isTrue();
        }
        assertThat(SearchRequest.parse(TestArgs.of("TO groupuser4")).matches(group, 1, 1)).isFalse();
        assertThat(SearchRequest.parse(TestArgs.of("FROM groupname")).matches(group, 1, 1)).isFalse();
    }

    @Test
    void encodedWordsAreDecodedBeforeMatching() {
        // From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=, Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?= ready
        assertThat(mailbox.search("FROM \"jürgen müller\"")).containsExactly(2L);
        assertThat(mailbox.search("SUBJECT \"café crème\"")).containsExactly(2L);
        assertThat(mailbox.search("SUBJECT \"CAFÉ CRÈME READY\"")).containsExactly(2L);
        assertThat(mailbox.search("SUBJECT Caf=E9")).isEmpty();
        assertThat(mailbox.search("HEADER X-Label \"été plans\"")).containsExactly(2L);
    }

    @Test
    void subjectAndEmptyStrings() {
        assertThat(mailbox.search("SUBJECT meeting")).containsExactly(1L);
        assertThat(mailbox.search("SUBJECT \"\"")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(mailbox.search("NOT SUBJECT \"\"")).containsExactly(5L);
        assertThat(mailbox.search("CC \"\"")).containsExactly(1L);
    }

    @Test
    void headerSearchesAnyFieldUnfolded() {
        // X-Mailer: Blurdy Mail\r\n version 2.1 (folded)
        assertThat(mailbox.search("HEADER x-mailer \"mail version 2.1\"")).containsExactly(1L);
        assertThat(mailbox.search("HEADER X-Mailer \"\"")).containsExactly(1L);
        assertThat(mailbox.search("HEADER Message-ID B27397")).containsExactly(1L);
        assertThat(mailbox.search("HEADER Content-Transfer-Encoding base64")).containsExactly(2L);
        // only the top-level header: the embedded message's From is not message 4's From
        assertThat(mailbox.search("HEADER From inner@")).isEmpty();
        assertThat(mailbox.search("HEADER Subject inner")).isEmpty();
    }

    @Test
    void bodyIsDecodedFromBase64AndItsCharset() {
        assertThat(mailbox.search("BODY zanzibar")).containsExactly(2L);
        assertThat(mailbox.search("BODY \"GRÜSSE\"")).isEmpty();
        assertThat(mailbox.search("BODY \"grüße aus köln\"")).containsExactly(2L);
    }

    @Test
    void bodyIsDecodedFromQuotedPrintableAndLatin1() {
        assertThat(mailbox.search("BODY \"café est prêt\"")).containsExactly(3L);
        // a soft line break inside a word is not in the text a reader sees
        assertThat(mailbox.search("BODY hippopotamus")).containsExactly(3L);
        assertThat(mailbox.search("BODY caf=E9")).isEmpty();
    }

    @Test
    void bodyLooksInTextPartsAndEmbeddedMessagesOnly() {
        assertThat(mailbox.search("BODY quarterly")).containsExactly(4L);
        // the HTML part is searched as the text a reader sees, not as markup
        assertThat(mailbox.search("BODY \"quarterly report is attached\"")).containsExactly(4L);
        assertThat(mailbox.search("BODY \"<b>\"")).isEmpty();
        assertThat(mailbox.search("BODY \"embedded words\"")).containsExactly(4L);
        // the embedded message's header is body text of the outer message
        assertThat(mailbox.search("BODY \"inner subject\"")).containsExactly(4L);
        // the attachment's decoded bytes and the MIME preamble are not text a user reads
        assertThat(mailbox.search("BODY needle")).isEmpty();
        assertThat(mailbox.search("BODY preamble")).isEmpty();
        // BODY does not look in the top-level header
        assertThat(mailbox.search("BODY meeting")).isEmpty();
        assertThat(mailbox.search("BODY \"\"")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void textLooksInHeaderAndBody() {
        assertThat(mailbox.search("TEXT meeting")).containsExactly(1L);
        assertThat(mailbox.search("TEXT tomorrow")).containsExactly(1L);
        assertThat(mailbox.search("TEXT \"crème\"")).containsExactly(2L);
        assertThat(mailbox.search("TEXT x-mailer")).containsExactly(1L);
        assertThat(mailbox.search("TEXT hippopotamus")).containsExactly(3L);
        assertThat(mailbox.search("TEXT nowhere-to-be-found")).isEmpty();
    }

    @Test
    void aMatchAcrossReadChunksIsFound() {
        assertThat(mailbox.search("BODY " + TestMailbox.CHUNK_SPANNING_WORD)).containsExactly(5L);
        assertThat(mailbox.search("BODY \"after the word\"")).containsExactly(5L);
    }

    @Test
    void largeEncodedHtmlBodiesAreStreamedAndDecodedToo() {
        String html = "<p>" + "caf&eacute; au lait, ".repeat(5000) + "<b>th&eacute; vert</b> " + "<i>x</i>".repeat(5000) + "</p>";
        StringBuilder qp = new StringBuilder();
        for (int i = 0; i < html.length(); i += 70) {
            qp.append(html, i, Math.min(i + 70, html.length())).append("=\r\n"); // soft breaks cut words
        }
        byte[] bytes = ("Content-Type: text/html; charset=us-ascii\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + qp.toString().replace("&eacute;", "=26eacute;")).getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes.length).isGreaterThan(128 * 1024);
        TestMessage large = new TestMessage(1, 1, Flags.NONE, Instant.EPOCH, bytes, false);
        assertThat(SearchRequest.parse(TestArgs.of("BODY \"thé vert\"")).matches(large, 1, 1)).isTrue();
        assertThat(SearchRequest.parse(TestArgs.of("BODY \"<b>\"")).matches(large, 1, 1)).isFalse();
        assertThat(SearchRequest.parse(TestArgs.of("BODY eacute")).matches(large, 1, 1)).isFalse();
    }

    @Test
    void charsetDecodesLiteralStrings() {
        List<Arg> utf8 = new ArrayList<>(TestArgs.of("CHARSET UTF-8 SUBJECT"));
        utf8.add(new Arg.Str("Café".getBytes(StandardCharsets.UTF_8), true));
        assertThat(mailbox.search(utf8)).containsExactly(2L);

        List<Arg> latin1 = new ArrayList<>(TestArgs.of("CHARSET iso-8859-1 BODY"));
        latin1.add(new Arg.Str("prêt".getBytes(StandardCharsets.ISO_8859_1), true));
        assertThat(mailbox.search(latin1)).containsExactly(3L);

        assertThat(mailbox.search("CHARSET US-ASCII FROM foobar")).containsExactly(1L);
        // UTF-8 is what clients send without CHARSET (RFC 9051 6.4.4 made it the default)
        List<Arg> noCharset = new ArrayList<>(TestArgs.of("BODY"));
        noCharset.add(new Arg.Str("Köln".getBytes(StandardCharsets.UTF_8), true));
        assertThat(mailbox.search(noCharset)).containsExactly(2L);
    }

    @Test
    void textKeysReadTheFileOnlyForContentKeys() {
        SearchRequest subject = SearchRequest.parse(TestArgs.of("SUBJECT meeting SENTON 7-Feb-1994"));
        assertThat(subject.needsSummary()).isTrue();
        assertThat(subject.needsContent()).isFalse();
        assertThat(mailbox.run(subject, false)).containsExactly(1L);
        assertThat(mailbox.messages).allSatisfy(m -> assertThat(m.contentCalls).isZero());

        SearchRequest header = SearchRequest.parse(TestArgs.of("NOT HEADER X-Mailer blurdy"));
        assertThat(header.needsContent()).isTrue();
        assertThat(mailbox.run(header, false)).containsExactly(2L, 3L, 4L, 5L);
    }
}
