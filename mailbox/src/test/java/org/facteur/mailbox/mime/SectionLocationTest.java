package org.facteur.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.mailbox.mime.Samples.body;
import static org.facteur.mailbox.mime.Samples.crlf;
import static org.facteur.mailbox.mime.Samples.header;
import static org.facteur.mailbox.mime.Samples.slice;

import org.junit.jupiter.api.Test;

/** Section part specifiers (RFC 3501 6.4.5) and the octets each section fetches. */
class SectionLocationTest {

    @Test
    void nonMultipartMessageHasOnlyPartOne() {
        byte[] m = crlf(Samples.SIMPLE);
        MessageSummary s = MessageParser.parse(m);
        assertThat(s.part()).contains(s.root());
        assertThat(s.part(1)).contains(s.root());
        // BODY[1] of a non-multipart message is its body.
        assertThat(body(m, s.part(1).orElseThrow()))
                .isEqualTo("Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n");
        assertThat(s.part(2)).isEmpty();
        assertThat(s.part(1, 1)).isEmpty();
        assertThat(s.part(0)).isEmpty();
    }

    @Test
    void messageRfc822PartsOpenIntoTheEmbeddedMessage() {
        byte[] m = crlf(Samples.RFC822);
        MessageSummary s = MessageParser.parse(m);

        // BODY[HEADER] and BODY[TEXT] of the message
        assertThat(header(m, s.root())).isEqualTo(
                "From: a@example.com\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n");
        assertThat(body(m, s.root())).startsWith("--m\r\n").endsWith("--m--\r\n");

        assertThat(body(m, s.part(1).orElseThrow())).isEqualTo("forwarded below");
        assertThat(header(m, s.part(1).orElseThrow())).isEqualTo("Content-Type: text/plain\r\n\r\n"); // BODY[1.MIME]

        MimePart two = s.part(2).orElseThrow();
        // BODY[2.MIME] is the part's own header; BODY[2.HEADER] the embedded message's header.
        assertThat(header(m, two)).isEqualTo("Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n");
        MimePart embedded = two.embedded().root();
        assertThat(header(m, embedded)).startsWith("From: Inner Sender").endsWith("boundary=\"i\"\r\n\r\n");
        assertThat(body(m, embedded)).isEqualTo("--i\r\nContent-Type: text/plain\r\n\r\ninner plain\r\nline two\r\n"
                + "--i\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--i--"); // BODY[2.TEXT]
        // BODY[2] is the whole embedded message.
        assertThat(slice(m, two.bodyStart(), two.bodyEnd()))
                .isEqualTo(header(m, embedded) + body(m, embedded));

        assertThat(body(m, s.part(2, 1).orElseThrow())).isEqualTo("inner plain\r\nline two");
        assertThat(header(m, s.part(2, 2).orElseThrow())).isEqualTo("Content-Type: text/html\r\n\r\n");
        assertThat(s.part(2, 3)).isEmpty();
        assertThat(s.part(1, 1)).isEmpty();
        assertThat(s.part(3)).isEmpty();
    }

    @Test
    void singlePartEmbeddedMessageHasPartOne() {
        byte[] m = crlf(Samples.DIGEST);
        MessageSummary s = MessageParser.parse(m);
        assertThat(body(m, s.part(1, 1).orElseThrow())).isEqualTo("first body");
        assertThat(s.part(1, 2)).isEmpty();
        assertThat(s.part(2, 1)).isEmpty();
    }

    @Test
    void nestedMultipartNumbers() {
        byte[] m = crlf(Samples.NESTED);
        MessageSummary s = MessageParser.parse(m);
        assertThat(body(m, s.part(1, 2).orElseThrow())).isEqualTo("<b>html</b>");
        assertThat(body(m, s.part(2).orElseThrow())).isEqualTo("iVBORw0KGgo=");
        assertThat(s.part(1, 3)).isEmpty();
        assertThat(s.part(java.util.List.of(1, 1))).map(p -> body(m, p)).contains("plain");
    }
}
