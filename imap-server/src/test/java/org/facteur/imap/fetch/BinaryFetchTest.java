package org.facteur.imap.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FETCH BINARY, BINARY.PEEK and BINARY.SIZE (RFC 3516) over a real TLS socket, byte for byte. */
class BinaryFetchTest {

    static final String PARTS = "Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "caf=C3=A9 =3D ok=\r\njoined\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "AAECAwA=\r\n"
            + "--b\r\nContent-Type: application/x-foo\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
            + "begin 644 foo\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\n"
            + "plain\r\n"
            + "--b--\r\n";

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        server.deliver(ALICE, PARTS);
        c = server.login(ALICE);
        c.ok("SELECT INBOX");
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    @Test
    void decodesQuotedPrintableAndBase64() throws Exception {
        assertThat(c.ok("FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])").get(0))
                .isEqualTo("* 1 FETCH (BINARY[1] {16}\r\ncafé = okjoined BINARY.SIZE[1] 16)");
        // NUL bytes: a literal8 (RFC 3516 4.2).
        assertThat(c.ok("FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2])").get(0))
                .isEqualTo("* 1 FETCH (BINARY[2] ~{5}\r\n\0\1\2\3\0 BINARY.SIZE[2] 5)");
        assertThat(c.ok("FETCH 1 BINARY.PEEK[4]").get(0)).isEqualTo("* 1 FETCH (BINARY[4] {5}\r\nplain)");
        // The whole message, as stored.
        assertThat(c.ok("FETCH 1 BINARY.PEEK[]").get(0))
                .isEqualTo("* 1 FETCH (BINARY[] {" + PARTS.length() + "}\r\n" + PARTS + ")");
    }

    @Test
    void partialRangesAreOfTheDecodedBytes() throws Exception {
        assertThat(c.ok("FETCH 1 BINARY.PEEK[1]<0.3>").get(0)).isEqualTo("* 1 FETCH (BINARY[1]<0> {3}\r\ncaf)");
        // Without the NULs of the range, a plain literal.
        assertThat(c.ok("FETCH 1 BINARY.PEEK[2]<1.3>").get(0)).isEqualTo("* 1 FETCH (BINARY[2]<1> {3}\r\n\1\2\3)");
        assertThat(c.ok("FETCH 1 BINARY.PEEK[2]<9.3>").get(0)).isEqualTo("* 1 FETCH (BINARY[2]<9> \"\")");
    }

    @Test
    void unknownEncodingIsNoUnknownCte() throws Exception {
        assertThat(c.status("FETCH 1 BINARY.PEEK[3]")).startsWith("a3 NO [UNKNOWN-CTE]");
        assertThat(c.status("FETCH 1 (FLAGS BINARY.SIZE[3])")).startsWith("a4 NO [UNKNOWN-CTE]");
        // BODY still serves it as stored.
        assertThat(c.ok("FETCH 1 BODY.PEEK[3]").get(0)).isEqualTo("* 1 FETCH (BODY[3] {13}\r\nbegin 644 foo)");
    }

    @Test
    void missingPartsBadSyntaxAndSeen() throws Exception {
        assertThat(c.ok("FETCH 1 (BINARY.PEEK[9] BINARY.SIZE[9])").get(0))
                .isEqualTo("* 1 FETCH (BINARY[9] \"\" BINARY.SIZE[9] 0)");
        assertThat(c.status("FETCH 1 BINARY[1.HEADER]")).startsWith("a4 BAD");
        assertThat(c.status("FETCH 1 BINARY[0]")).startsWith("a5 BAD");
        assertThat(c.status("FETCH 1 BINARY.SIZE[1]<0.3>")).startsWith("a6 BAD");
        assertThat(c.ok("FETCH 1 FLAGS").get(0)).isEqualTo("* 1 FETCH (FLAGS (\\Recent))");
        // BINARY without PEEK sets \Seen (RFC 3516 4.1).
        assertThat(c.ok("FETCH 1 BINARY[4]").get(0)).isEqualTo("* 1 FETCH (BINARY[4] {5}\r\nplain FLAGS (\\Seen \\Recent))");
    }

    @Test
    void aLargePartIsStreamedAndDecodedExactly() throws Exception {
        byte[] data = new byte[1_200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i * 31 + i / 1000) % 128); // ASCII, NULs included
        }
        String message = "Subject: large\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(data) + "\r\n--b--\r\n";
        server.deliver(ALICE, message);
        c.ok("NOOP");
        String expected = new String(data, StandardCharsets.US_ASCII);
        assertThat(c.ok("FETCH 2 (BINARY.SIZE[1] BINARY.PEEK[1])").get(0))
                .isEqualTo("* 2 FETCH (BINARY.SIZE[1] " + data.length + " BINARY[1] ~{" + data.length + "}\r\n"
                        + expected + ")");
        assertThat(c.ok("FETCH 2 BINARY.PEEK[1]<1000000.100>").get(0))
                .isEqualTo("* 2 FETCH (BINARY[1]<1000000> ~{100}\r\n" + expected.substring(1_000_000, 1_000_100) + ")");
    }
}
