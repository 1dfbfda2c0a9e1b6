package org.facteur.mailbox.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;
import org.facteur.mailbox.mime.MimePart;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The summary computed at append ({@link MessageParser}) on arbitrary octets: a delivered message
 * is whatever a sender chose to send.
 *
 * <p>The contract: parsing never fails on content (only an I/O error of the stream may be thrown,
 * and a byte array has none), and every offset the summary holds can be used to cut the stored
 * file, since FETCH reads byte ranges without parsing again (package documentation of
 * {@code org.facteur.mailbox.mime}). The index stores the encoded form, so encode/decode must give
 * back an equal summary; a reader that gets the octets in small pieces must see the same structure.
 *
 * <p>Seeds and past findings: {@code src/test/resources/org/facteur/mailbox/fuzz/MessageParserFuzzTestInputs/parse/}.
 */
class MessageParserFuzzTest {

    /** {@code StructureScanner.MAX_DEPTH}: deeper multiparts and messages are not descended into. */
    private static final int MAX_DEPTH = 50;

    // No CR, LF or tab here: Jazzer 0.24.0 writes them unescaped and libFuzzer then refuses the
    // dictionary. The seeds hold plenty of line ends.
    @DictionaryEntries({"--", "Content-Type: ", "multipart/mixed", "multipart/digest",
        "message/rfc822", "message/global", "; boundary=", "boundary=\"", "Content-Transfer-Encoding: ",
        "base64", "quoted-printable", "Content-Disposition: attachment; filename*=", "=?utf-8?q?",
        "=?iso-8859-1?b?", "?=", "From: ", "To: ", "Cc: ", "Subject: ", "Date: ", "Message-ID: <", "In-Reply-To: ",
        "References: ", "\"", "(", ")", "<", ">", "@", ",", ":;"})
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] message) throws IOException {
        MessageSummary summary = MessageParser.parse(message);

        assertThat(summary.size()).isEqualTo(message.length);
        assertThat(summary.lines()).isEqualTo(lines(message));
        MimePart root = summary.root();
        assertThat(root.headerStart()).isZero();
        assertThat(root.bodyEnd()).isEqualTo(message.length);
        assertNested(root, 0, message.length, 0);
        assertThat(summary.part()).contains(root);

        byte[] encoded = summary.encode();
        MessageSummary decoded = MessageSummary.decode(encoded);
        assertThat(decoded).isEqualTo(summary);
        assertThat(decoded.encode()).isEqualTo(encoded);

        assertThat(MessageParser.parse(trickle(message))).isEqualTo(summary);
    }

    /**
     * Every part lies inside its parent's body, header before body; a multipart has parts, in
     * order and not overlapping; an embedded message spans exactly its part's body.
     */
    private static void assertNested(MimePart part, long from, long to, int depth) {
        assertThat(depth).isLessThanOrEqualTo(MAX_DEPTH);
        assertThat(part.headerStart()).isBetween(from, to);
        assertThat(part.bodyStart()).isBetween(part.headerStart(), to);
        assertThat(part.bodyEnd()).isBetween(part.bodyStart(), to);
        assertThat(part.bodyLines()).isBetween(0L, part.bodySize() + 1);
        // RFC 3501 BODYSTRUCTURE: a multipart has at least one part; others have none.
        assertThat(part.children().isEmpty()).isEqualTo(!part.isMultipart());
        long previousEnd = part.bodyStart();
        List<MimePart> children = part.children();
        for (MimePart child : children) {
            assertThat(child.headerStart()).isGreaterThanOrEqualTo(previousEnd);
            assertNested(child, part.bodyStart(), part.bodyEnd(), depth + 1);
            previousEnd = child.bodyEnd();
        }
        if (part.isMessage()) {
            assertThat(part.isMultipart()).isFalse();
            MimePart inner = part.embedded().root();
            assertThat(inner.headerStart()).isEqualTo(part.bodyStart());
            assertThat(inner.bodyEnd()).isEqualTo(part.bodyEnd());
            assertNested(inner, part.bodyStart(), part.bodyEnd(), depth + 1);
        }
    }

    /** Line ends (LF, with or without CR), plus one if the last line has none. */
    private static long lines(byte[] message) {
        long n = 0;
        for (byte b : message) {
            if (b == '\n') {
                n++;
            }
        }
        return message.length > 0 && message[message.length - 1] != '\n' ? n + 1 : n;
    }

    /** The octets one or two at a time, as a slow network or file system may deliver them. */
    private static InputStream trickle(byte[] message) {
        return new FilterInputStream(new ByteArrayInputStream(message)) {
            private int reads;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + (reads++ & 1)));
            }
        };
    }
}
