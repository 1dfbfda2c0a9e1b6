package org.facteur.imap.append;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Binary leaf parts become base64 (RFC 3516 4.3); every other byte stays where it was. */
class BinaryToBase64Test {

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String convert(String latin1) throws IOException {
        return new String(convert(bytes(latin1)), StandardCharsets.ISO_8859_1);
    }

    static byte[] convert(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryToBase64.convert(new ByteArrayInputStream(message), out);
        return out.toByteArray();
    }

    static String b64(String latin1) {
        return Base64.getMimeEncoder().encodeToString(bytes(latin1)) + "\r\n";
    }

    @Test
    void imaptestsSinglePartMessageIsEncodedWholeWithItsTrailingLineBreaks() throws Exception {
        String head = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
                + "Content-Type: application/octet-stream\r\n";
        String body = "\0-\u00e4\n\r\n\n";
        assertThat(convert(head + "Content-Transfer-Encoding: binary\r\n\r\n" + body))
                .isEqualTo(head + "Content-Transfer-Encoding: base64\r\n\r\n" + b64(body));
    }

    @Test
    void aMessageWithoutBinaryPartsIsCopiedByteForByte() throws Exception {
        String message = "Subject: x\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\npre\r\n--b\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\ncaf\u00e9\r\n--b\r\n\r\nplain\n--b--\r\nepilogue\r\n";
        assertThat(convert(message)).isEqualTo(message);
        assertThat(convert("no header at all")).isEqualTo("no header at all");
        assertThat(convert("")).isEmpty();
    }

    @Test
    void onlyTheBinaryPartsOfAMultipartChangeAndTheLineBreakBeforeADelimiterIsNotContent() throws Exception {
        String binary = "\0\1\r\n--not-the-boundary\r\n\u00ff";
        String before = "Subject: parts\r\nContent-Type: multipart/mixed;\r\n boundary=\"outer b\"\r\n\r\n"
                + "preamble\r\n--outer b\r\nContent-Type: text/plain\r\n\r\ntext\r\n"
                + "--outer b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding:\r\n\tBINARY\r\nX-After: kept\r\n\r\n";
        String after = "--outer b\r\nContent-Type: application/x-empty\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "\r\n--outer b--\r\nepilogue\r\n";
        String converted = convert(before + binary + "\r\n" + after);
        String expectedBefore = before.replace("Content-Transfer-Encoding:\r\n\tBINARY\r\n",
                "Content-Transfer-Encoding: base64\r\n");
        String expectedAfter = after.replace("binary\r\n\r\n\r\n--outer b--", "base64\r\n\r\n\r\n--outer b--");
        assertThat(converted).isEqualTo(expectedBefore + b64(binary) + expectedAfter);
    }

    @Test
    void nestedMultipartsAndEncapsulatedMessagesAreConvertedToo() throws Exception {
        String inner = "Content-Type: multipart/alternative; boundary=in\r\n\r\n"
                + "--in\r\nContent-Transfer-Encoding: binary\r\n\r\n\0a\n--in--\n";
        String message = "Content-Type: multipart/mixed; boundary=out\n\n--out\n" + inner
                + "--out\nContent-Type: message/rfc822\n\nSubject: fwd\nContent-Transfer-Encoding: binary\n\n\0b\n"
                + "--out\nContent-Type: multipart/mixed; boundary=cut\n\n--cut\nContent-Transfer-Encoding: binary\n\n\0c\n"
                + "--out--\n";
        assertThat(convert(message)).isEqualTo("Content-Type: multipart/mixed; boundary=out\n\n--out\n"
                + "Content-Type: multipart/alternative; boundary=in\r\n\r\n"
                + "--in\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64("\0a") + "--in--\n"
                + "--out\nContent-Type: message/rfc822\n\nSubject: fwd\nContent-Transfer-Encoding: base64\n\n" + b64("\0b")
                // An inner multipart left open ends at its parent's delimiter (RFC 2046 5.1.2).
                + "--out\nContent-Type: multipart/mixed; boundary=cut\n\n--cut\nContent-Transfer-Encoding: base64\n\n"
                + b64("\0c") + "--out--\n");
    }

    @Test
    void compositeTypesMarkedBinaryAreLeftAsTheyAre() throws Exception {
        String message = "Content-Type: multipart/mixed; boundary=b\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n";
        assertThat(convert(message)).isEqualTo(message);
    }

    @Test
    void aLargePartWithoutLineFeedsIsEncodedWhole() throws Exception {
        byte[] data = new byte[LineSegments.MAX * 40 + 17];
        new Random(5).nextBytes(data);
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                data[i] = 0; // no line at all, so segments are cut by size
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(bytes("Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Transfer-Encoding: binary\r\n\r\n"));
        message.write(data);
        message.write(bytes("\r\n--z--\r\n"));
        String converted = new String(convert(message.toByteArray()), StandardCharsets.ISO_8859_1);
        String head = "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        assertThat(converted).startsWith(head).endsWith("\r\n--z--\r\n");
        String encoded = converted.substring(head.length(), converted.length() - "\r\n--z--\r\n".length());
        assertThat(encoded.lines()).allMatch(line -> line.length() <= 76);
        assertThat(Base64.getMimeDecoder().decode(encoded)).isEqualTo(data);
    }

    @Test
    void readsItsInputAsAStream() throws Exception {
        // 20 MB of one binary part, generated as it is read: converting it must not hold it.
        long size = 20L * 1024 * 1024;
        InputStream generated = new InputStream() {
            final byte[] head = bytes("Content-Transfer-Encoding: binary\r\n\r\n");
            long position;

            @Override
            public int read() {
                if (position < head.length) {
                    return head[(int) position++];
                }
                return position++ < head.length + size ? 0 : -1;
            }
        };
        long[] written = new long[1];
        java.io.OutputStream counter = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }
        };
        BinaryToBase64.convert(generated, counter);
        long base64 = (size + 2) / 3 * 4;
        assertThat(written[0]).isEqualTo("Content-Transfer-Encoding: base64\r\n\r\n".length() + base64 + base64 / 76 * 2
                + (base64 % 76 == 0 ? 0 : 2));
    }

    @Test
    void endlessNestingIsCopiedPastTheDepthLimitInsteadOfExhaustingTheStack() throws IOException {
        // 20,000 encapsulated messages, then a binary part no client could reach anyway.
        String nesting = "Content-Type: message/rfc822\r\n\r\n".repeat(20_000);
        String innermost = "Content-Transfer-Encoding: binary\r\n\r\n\u0000raw\r\n";
        assertThat(convert(nesting + innermost)).isEqualTo(nesting + innermost);
        // Within the limit the binary part is still converted.
        String shallow = "Content-Type: message/rfc822\r\n\r\n".repeat(BinaryToBase64.MAX_DEPTH);
        assertThat(convert(shallow + innermost)).startsWith(shallow).doesNotContain("\u0000");
    }
}
