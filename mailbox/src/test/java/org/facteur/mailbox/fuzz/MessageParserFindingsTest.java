package org.facteur.mailbox.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;
import org.facteur.mailbox.mime.MimePart;
import org.junit.jupiter.api.Test;

/** What {@link MessageParserFuzzTest} found, with the exact offsets the fix gives. */
class MessageParserFindingsTest {

    /**
     * A message/rfc822 part whose message has a header and no body: the embedded message kept
     * the blank line before the boundary while its part stopped before it, so the message ended
     * 2 octets after its part (found by fuzzing: crash-header-only-message-in-digest.eml).
     */
    @Test
    void headerOnlyMessageInAPartEndsWhereItsPartEnds() {
        String head = "Content-Type: multipart/mixed; boundary=d\r\n\r\n--d\r\nContent-Type: message/rfc822\r\n\r\n";
        String inner = "Subject: no body\r\n\r\n";
        byte[] m = (head + inner + "--d--\r\n").getBytes(StandardCharsets.US_ASCII);

        MessageSummary summary = MessageParser.parse(m);
        MimePart part = summary.part(1).orElseThrow();
        MimePart message = part.embedded().root();

        assertThat(part.bodyStart()).isEqualTo(head.length());
        assertThat(part.bodyEnd()).isEqualTo(head.length() + inner.length());
        assertThat(part.bodyLines()).isEqualTo(2);
        assertThat(message.headerStart()).isEqualTo(part.bodyStart());
        assertThat(message.bodyStart()).isEqualTo(part.bodyEnd());
        assertThat(message.bodyEnd()).isEqualTo(part.bodyEnd());
        assertThat(summary.part(1, 1)).contains(message);
    }

    /**
     * A multipart whose last delimiter line is followed at once by an enclosing boundary: its
     * empty last part starts after that delimiter line, but the multipart ended 2 octets before,
     * at the line end the enclosing boundary owns (found by fuzzing:
     * crash-empty-last-part-before-outer-boundary.eml).
     */
    @Test
    void multipartEndsAfterAnEmptyLastPart() {
        String head = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: multipart/digest; boundary=d\r\n\r\n";
        String digestBody = "--d\r\n";
        byte[] m = (head + digestBody + "--b--\r\n").getBytes(StandardCharsets.US_ASCII);

        MessageSummary summary = MessageParser.parse(m);
        MimePart digest = summary.part(1).orElseThrow();
        MimePart empty = summary.part(1, 1).orElseThrow();

        long outerBoundary = head.length() + digestBody.length();
        assertThat(digest.bodyStart()).isEqualTo(head.length());
        assertThat(empty.headerStart()).isEqualTo(outerBoundary);
        assertThat(empty.bodyEnd()).isEqualTo(outerBoundary);
        assertThat(digest.bodyEnd()).isEqualTo(outerBoundary);
        assertThat(digest.bodyLines()).isEqualTo(1);
    }
}
