package org.facteur.imap.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;
import static org.facteur.imap.support.TestServer.PASSWORD;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** COMPRESS=DEFLATE (RFC 4978) over real sockets, with and without TLS, across IDLE and a large FETCH. */
class CompressTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest(b -> b.allowPlaintextAuth(true));

    @BeforeEach
    void start() {
        server.deliver(ALICE, "Subject: first\r\n\r\nhello\r\n");
    }

    /** A message of {@code lines} numbered lines, compressible but not trivially so. */
    static String bigMessage(int lines) {
        StringBuilder b = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append(" of the large message, ").append(Integer.toHexString(i * 7919)).append("\r\n");
        }
        return b.toString();
    }

    @Test
    void afterTlsBothDirectionsAreRawDeflate() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            assertThat(c.ok("CAPABILITY").get(0)).contains(" COMPRESS=DEFLATE");
            assertThat(c.status("COMPRESS LZW")).startsWith("a3 BAD");
            // The tagged OK is the last thing sent uncompressed (RFC 4978 3).
            assertThat(c.status("COMPRESS DEFLATE")).isEqualTo("a4 OK DEFLATE active");
            c.compress();
            assertThat(c.ok("SELECT INBOX")).contains("* 1 EXISTS");
            assertThat(c.ok("FETCH 1 BODY.PEEK[TEXT]").get(0)).isEqualTo("* 1 FETCH (BODY[TEXT] {7}\r\nhello\r\n)");
            assertThat(c.status("COMPRESS DEFLATE")).isEqualTo("a7 NO [COMPRESSIONACTIVE] DEFLATE is already active");
            assertThat(c.status("LOGOUT")).startsWith("a8 OK");
        }
    }

    @Test
    void onlyAfterLoginAndWithoutTlsToo() throws Exception {
        try (ImapClient c = ImapClient.plain(server.imapPort())) {
            c.readLine();
            assertThat(c.status("COMPRESS DEFLATE")).startsWith("a1 BAD COMPRESS is not valid");
            c.ok("LOGIN " + ALICE + " \"" + PASSWORD + "\"");
            // Compressed bytes sent right behind the command, before its OK, are inflated too.
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            pipelined.writeBytes("a3 COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            pipelined.writeBytes(deflate("a4 NOOP\r\n"));
            c.sendRaw(pipelined.toByteArray());
            assertThat(c.readLine()).isEqualTo("a3 OK DEFLATE active");
            c.compress();
            assertThat(c.readLine()).startsWith("a4 OK");
        }
    }

    @Test
    void aSmallBurstThatInflatesToManyCommandsIsAnsweredInOrder() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            c.ok("COMPRESS DEFLATE");
            c.compress();
            // A few kilobytes on the wire, 400 KB of commands once inflated: the server reads them
            // as its session keeps up (the inflater holds the rest), not all at once.
            int commands = 50_000;
            String burst = "n NOOP\r\n".repeat(commands);
            assertThat(deflate(burst).length).isLessThan(4096);
            c.sendRaw(burst);
            for (int i = 0; i < commands; i++) {
                assertThat(c.readLine()).startsWith("n OK");
            }
            assertThat(c.status("LOGOUT")).startsWith("a3 OK");
        }
    }

    @Test
    void afterStartTlsCompressionGoesInsideTls() throws Exception {
        try (ImapClient c = ImapClient.plain(server.imapPort())) {
            c.readLine();
            assertThat(c.status("STARTTLS")).startsWith("a1 OK");
            c.startTls();
            c.ok("LOGIN " + ALICE + " \"" + PASSWORD + "\"");
            assertThat(c.status("COMPRESS DEFLATE")).isEqualTo("a3 OK DEFLATE active");
            c.compress();
            assertThat(c.ok("STATUS INBOX (MESSAGES)").get(0)).isEqualTo("* STATUS \"INBOX\" (MESSAGES 1)");
        }
    }

    private static byte[] deflate(String text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
        byte[] out = new byte[64 * 1024];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void idlePushesArriveAtOnceAndALargeFetchStreams() throws Exception {
        String big = bigMessage(60_000); // about 3.4 MB
        server.deliver(ALICE, big);
        try (ImapClient c = server.login(ALICE)) {
            c.ok("COMPRESS DEFLATE");
            LongAdder wire = c.compress();
            c.ok("SELECT INBOX");
            c.send("i1 IDLE");
            assertThat(c.readLine()).isEqualTo("+ idling");
            long start = System.nanoTime();
            server.deliver(ALICE, "Subject: pushed\r\n\r\nx\r\n");
            c.timeout(1000);
            // Within 1 s: the push is sync-flushed, not left in the compressor.
            assertThat(c.readLine()).isEqualTo("* 3 EXISTS");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
            c.timeout(30_000);
            assertThat(c.readLine()).isEqualTo("* 3 RECENT");
            c.send("DONE");
            assertThat(c.readLine()).isEqualTo("i1 OK IDLE terminated");

            long before = wire.sum();
            assertThat(c.ok("FETCH 2 BODY.PEEK[]").get(0))
                    .isEqualTo("* 2 FETCH (BODY[] {" + big.length() + "}\r\n" + big + ")");
            long compressed = wire.sum() - before;
            assertThat(compressed).isLessThan(big.length() / 3);
        }
    }
}
