package org.facteur.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Hostile and huge input: the parser must stay correct, bounded and silent. */
class RobustnessTest {

    @Test
    void randomGarbageNeverThrowsAndGivesConsistentOffsets() throws IOException {
        Random random = new Random(Long.getLong("facteur.mime.fuzzSeed", 20250114L));
        List<byte[]> seeds = SummaryCodecTest.allSamples();
        String[] fragments = {"\r\n", "\n", "--", "--b", "--b--", ":", "Content-Type: multipart/mixed; boundary=b\r\n",
            "Content-Type: message/rfc822\r\n", "\r\n\r\n", "=?utf-8?q?x?=", "<", ">", ",", ";", "\"", "\\", "(",
            "From: ", "To: a:;", "\u00ff\u00fe"};
        // Longer runs on demand: -Dfacteur.mime.fuzzIterations=1000000
        int iterations = Integer.getInteger("facteur.mime.fuzzIterations", 3000);
        for (int i = 0; i < iterations; i++) {
            byte[] message = i % 2 == 0 ? randomBytes(random, fragments) : mutate(random, seeds.get(i % seeds.size()));
            MessageSummary summary = MessageParser.parse(message);
            assertThat(summary.size()).isEqualTo(message.length);
            try {
                assertConsistent(summary.root(), 0, message.length);
            } catch (AssertionError e) {
                java.nio.file.Files.write(java.nio.file.Path.of("/tmp/failing.eml"), message);
                throw e;
            }
            assertThat(MessageSummary.decode(summary.encode())).isEqualTo(summary);
        }
    }

    private static void assertConsistent(MimePart part, long from, long to) {
        assertThat(part.headerStart()).isBetween(from, to);
        assertThat(part.bodyStart()).isBetween(part.headerStart(), to);
        assertThat(part.bodyEnd()).isBetween(part.bodyStart(), to);
        assertThat(part.bodyLines()).isBetween(0L, part.bodySize() + 1);
        for (MimePart child : part.children()) {
            assertConsistent(child, part.bodyStart(), part.bodyEnd());
        }
        if (part.embedded() != null) {
            assertThat(part.embedded().root().headerStart()).isEqualTo(part.bodyStart());
            assertConsistent(part.embedded().root(), part.bodyStart(), part.bodyEnd());
        }
    }

    private static byte[] randomBytes(Random random, String[] fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = random.nextInt(200);
        for (int i = 0; i < pieces; i++) {
            if (random.nextBoolean()) {
                out.writeBytes(fragments[random.nextInt(fragments.length)].getBytes(StandardCharsets.ISO_8859_1));
            } else {
                byte[] noise = new byte[random.nextInt(20)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            }
        }
        return out.toByteArray();
    }

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] copy = seed.clone();
        for (int i = random.nextInt(10); i >= 0; i--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return java.util.Arrays.copyOf(copy, random.nextInt(copy.length + 1));
    }

    @Test
    void absurdNestingIsCappedAndDegradesToTextPlain() {
        int levels = 200;
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            m.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        m.append("\r\nleaf\r\n");
        MessageSummary summary = MessageParser.parse(m.toString().getBytes(StandardCharsets.US_ASCII));

        int depth = 0;
        MimePart part = summary.root();
        while (!part.children().isEmpty()) {
            part = part.children().get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(StructureScanner.MAX_DEPTH);
        assertThat(part.content().type() + "/" + part.content().subtype()).isEqualTo("text/plain");
        assertThat(MessageSummary.decode(summary.encode())).isEqualTo(summary);
    }

    @Test
    void nestedMessagesAreCappedToo() {
        String m = "Content-Type: message/rfc822\r\n\r\n".repeat(500) + "Subject: deep\r\n\r\nbody\r\n";
        MessageSummary summary = MessageParser.parse(m.getBytes(StandardCharsets.US_ASCII));
        int depth = 0;
        MimePart part = summary.root();
        while (part.embedded() != null) {
            part = part.embedded().root();
            depth++;
        }
        assertThat(depth).isEqualTo(StructureScanner.MAX_DEPTH);
    }

    @Test
    void partCountIsCapped() {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 0; i < 30_000; i++) {
            m.append("--p\r\n\r\nx\r\n");
        }
        m.append("--p--\r\n");
        MessageSummary summary = MessageParser.parse(m.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(summary.root().children()).hasSize(StructureScanner.MAX_PARTS - 1);
        assertThat(summary.root().bodyEnd()).isEqualTo(summary.size());
    }

    @Test
    void twentyFiveMegabyteMessageIsStreamed() throws IOException {
        String head = "From: big@example.com\r\nSubject: big\r\n"
                + "Content-Type: multipart/mixed; boundary=big\r\n\r\n"
                + "--big\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
                + "--big\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        String tail = "\r\n--big--\r\n";
        byte[] line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        int lines = 25 * 1024 * 1024 / line.length;
        long attachment = (long) lines * line.length; // the tail's CRLF belongs to the boundary

        List<InputStream> pieces = new ArrayList<>();
        pieces.add(ascii(head));
        pieces.add(new RepeatingStream(line, lines));
        pieces.add(ascii(tail));
        MessageSummary summary = MessageParser.parse(new SequenceInputStream(Collections.enumeration(pieces)));

        assertThat(summary.size()).isEqualTo(head.length() + (long) lines * line.length + tail.length());
        MimePart blob = summary.part(2).orElseThrow();
        assertThat(blob.bodySize()).isEqualTo(attachment);
        assertThat(blob.bodyLines()).isEqualTo(lines);
        assertThat(summary.encode().length).isLessThan(300);
    }

    @Test
    void oneHugeLineWithoutLineEndIsFine() throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'A');
        List<InputStream> pieces = new ArrayList<>();
        pieces.add(ascii("Subject: blob\r\n\r\n--not-a-boundary"));
        pieces.add(new RepeatingStream(chunk, 8));
        MessageSummary summary = MessageParser.parse(new SequenceInputStream(Collections.enumeration(pieces)));
        assertThat(summary.root().bodyLines()).isEqualTo(1);
        assertThat(summary.root().bodySize()).isEqualTo(16 + 8L * chunk.length);
    }

    @Test
    void readsSplitAnywhereGiveTheSameSummary() throws IOException {
        for (byte[] message : SummaryCodecTest.allSamples()) {
            InputStream trickle = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(message)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, 1)); // CR and LF arrive in separate reads
                }
            };
            assertThat(MessageParser.parse(trickle)).isEqualTo(MessageParser.parse(message));
        }
    }

    private static InputStream ascii(String s) {
        return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code count} copies of {@code unit}, produced as read: nothing of the size is held. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] unit;
        private long remaining;
        private int at;

        RepeatingStream(byte[] unit, long count) {
            this.unit = unit;
            this.remaining = unit.length * count;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), unit.length - at);
            System.arraycopy(unit, at, b, off, n);
            at = (at + n) % unit.length;
            remaining -= n;
            return n;
        }
    }
}
