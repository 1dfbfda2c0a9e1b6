package org.facteur.pop3.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MultiLineStreamTest {

    private static String retr(String message) throws IOException {
        return read(MultiLineStream.whole(in(message)));
    }

    private static String top(String message, long lines) throws IOException {
        return read(MultiLineStream.top(in(message), lines));
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream s) throws IOException {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void plainMessageGetsTerminationLine() throws IOException {
        assertThat(retr("Subject: a\r\n\r\nbody\r\n")).isEqualTo("Subject: a\r\n\r\nbody\r\n.\r\n");
    }

    @Test
    void linesStartingWithDotAreStuffed() throws IOException {
        assertThat(retr("S: a\r\n\r\n.\r\n..x\r\n.hidden\r\nend.\r\n"))
                .isEqualTo("S: a\r\n\r\n..\r\n...x\r\n..hidden\r\nend.\r\n.\r\n");
    }

    @Test
    void dotOnTheFirstLineIsStuffed() throws IOException {
        assertThat(retr(".x\r\n")).isEqualTo("..x\r\n.\r\n");
    }

    @Test
    void missingFinalLineEndIsAdded() throws IOException {
        assertThat(retr("S: a\r\n\r\nno final crlf")).isEqualTo("S: a\r\n\r\nno final crlf\r\n.\r\n");
        assertThat(retr("S: a\r\n\r\nends with cr\r")).isEqualTo("S: a\r\n\r\nends with cr\r\n.\r\n");
        assertThat(retr("S: a\r\n\r\n.")).isEqualTo("S: a\r\n\r\n..\r\n.\r\n");
    }

    @Test
    void emptyMessageIsJustTheTerminationLine() throws IOException {
        assertThat(retr("")).isEqualTo(".\r\n");
    }

    @Test
    void bareLineFeedsBecomeCrlf() throws IOException {
        assertThat(retr("S: a\n\n.dot\nx\r\n")).isEqualTo("S: a\r\n\r\n..dot\r\nx\r\n.\r\n");
    }

    @Test
    void bareCarriageReturnInsideALineIsKept() throws IOException {
        assertThat(retr("a\rb\r\n")).isEqualTo("a\rb\r\n.\r\n");
    }

    @Test
    void topZeroGivesTheHeaderAndTheEmptyLine() throws IOException {
        assertThat(top("A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n", 0)).isEqualTo("A: 1\r\nB: 2\r\n\r\n.\r\n");
    }

    @Test
    void topCountsBodyLines() throws IOException {
        String m = "A: 1\r\n\r\nl1\r\n.l2\r\n\r\nl4\r\n";
        assertThat(top(m, 1)).isEqualTo("A: 1\r\n\r\nl1\r\n.\r\n");
        assertThat(top(m, 2)).isEqualTo("A: 1\r\n\r\nl1\r\n..l2\r\n.\r\n");
        assertThat(top(m, 3)).isEqualTo("A: 1\r\n\r\nl1\r\n..l2\r\n\r\n.\r\n");
        assertThat(top(m, 100)).isEqualTo("A: 1\r\n\r\nl1\r\n..l2\r\n\r\nl4\r\n.\r\n");
    }

    @Test
    void topOfMessageWithoutBodyGivesAll() throws IOException {
        assertThat(top("A: 1\r\nB: 2", 0)).isEqualTo("A: 1\r\nB: 2\r\n.\r\n");
    }

    @Test
    void topWithBodyLastLineUnterminated() throws IOException {
        assertThat(top("A: 1\r\n\r\nonly", 5)).isEqualTo("A: 1\r\n\r\nonly\r\n.\r\n");
    }

    @Test
    void largeMessageAcrossChunkBoundariesMatchesASimpleModel() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = ".a\r\n.b".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 30; round++) {
            byte[] message = new byte[random.nextInt(40_000)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            // read in odd-sized pieces to cross internal buffer edges
            InputStream s = MultiLineStream.whole(new ByteArrayInputStream(message));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[1 + random.nextInt(5000)];
            int n;
            while ((n = s.read(buf, 0, buf.length)) >= 0) {
                got.write(buf, 0, n);
            }
            assertThat(got.toByteArray()).isEqualTo(model(message));
        }
    }

    /** A size hint sizes the buffers: small ones (here 64 bytes) cross many more chunk edges. */
    @Test
    void smallOrWrongSizeHintsGiveTheSameBytes() throws IOException {
        Random random = new Random(7);
        byte[] alphabet = ".a\r\n.b\n".getBytes(StandardCharsets.US_ASCII);
        byte[] status = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 50; round++) {
            byte[] message = new byte[random.nextInt(3000)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            long hint = random.nextBoolean() ? random.nextInt(100) : message.length;
            InputStream s = MultiLineStream.withStatus(status, new ByteArrayInputStream(message),
                    MultiLineStream.WHOLE_MESSAGE, hint);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(status);
            expected.writeBytes(model(message));
            assertThat(s.readAllBytes()).isEqualTo(expected.toByteArray());
        }
    }

    /** RFC 1939 3 by the letter, one byte at a time. */
    private static byte[] model(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        int prev = -1;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\n' && prev != '\r') {
                out.write('\r');
            }
            out.write(b);
            lineStart = b == '\n';
            prev = b;
        }
        if (!lineStart) {
            if (prev != '\r') {
                out.write('\r');
            }
            out.write('\n');
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void singleByteReadsWork() throws IOException {
        InputStream s = MultiLineStream.whole(in(".a\r\n"));
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = s.read()) >= 0) {
            b.append((char) c);
        }
        assertThat(b).hasToString("..a\r\n.\r\n");
    }

    @Test
    void statusLineAndBodyComeAsOneChunk() throws IOException {
        byte[] status = "+OK 20 octets\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream s = MultiLineStream.withStatus(status, in("S: a\r\n\r\n.x\r\n"), MultiLineStream.WHOLE_MESSAGE);
        byte[] chunk = new byte[8192];
        int n = s.read(chunk, 0, chunk.length);
        assertThat(new String(chunk, 0, n, StandardCharsets.US_ASCII)).isEqualTo("+OK 20 octets\r\nS: a\r\n\r\n..x\r\n.\r\n");
        assertThat(s.read(chunk, 0, chunk.length)).isEqualTo(-1);
    }

    /** Netty's ChunkedStream sizes its chunks (TLS records) by available(): it must not be tiny. */
    @Test
    void availableReportsAWholeChunkAfterASingleByteRead() throws IOException {
        StringBuilder m = new StringBuilder("S: a\r\n\r\n");
        while (m.length() < 20_000) {
            m.append("a line of text\r\n");
        }
        InputStream s = MultiLineStream.whole(in(m.toString()));
        s.read();
        assertThat(s.available()).isGreaterThanOrEqualTo(8000);
    }
}
