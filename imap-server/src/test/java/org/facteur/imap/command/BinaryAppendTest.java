package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A literal8 APPEND's binary parts are stored base64 (RFC 3516 4.3) over a real TLS socket: BODY
 * shows base64 and never a NUL, BINARY gives the bytes sent back (imaptest's append-binary).
 */
class BinaryAppendTest {

    static final String HEAD = "From: user@domain.org\r\nMime-Version: 1.0\r\nContent-Type: application/octet-stream\r\n";
    /** NUL, then bytes that are valid UTF-8 so the test client's text can compare them. */
    static final String BODY = "\0-\u00e9\n\r\n\n";

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    ImapClient c;

    @BeforeEach
    void start() throws Exception {
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    String stored(long uid) throws Exception {
        try (InputStream in = server.store().content(server.mailbox(ALICE, "INBOX"), uid, 0, Long.MAX_VALUE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    void appendLiteral8(String message) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        c.send("a0 APPEND INBOX ~{" + bytes.length + "+}");
        c.sendRaw(bytes);
        c.send("");
        assertThat(c.readLine()).startsWith("a0 OK [APPENDUID ");
    }

    @Test
    void aBinaryPartIsStoredAsBase64AndFetchedBackAsSent() throws Exception {
        appendLiteral8(HEAD + "Content-Transfer-Encoding: binary\r\n\r\n" + BODY);
        String base64 = Base64.getMimeEncoder().encodeToString(BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(stored(1)).isEqualTo(HEAD + "Content-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n");

        c.ok("SELECT INBOX");
        assertThat(c.ok("FETCH 1 (BODY.PEEK[1])").get(0))
                .isEqualTo("* 1 FETCH (BODY[1] {" + (base64.length() + 2) + "}\r\n" + base64 + "\r\n)");
        assertThat(c.ok("FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1])").get(0))
                .isEqualTo("* 1 FETCH (BINARY.SIZE[1] 8 BINARY[1] ~{8}\r\n" + BODY + ")");
        assertThat(c.ok("FETCH 1 (BODYSTRUCTURE)").get(0)).contains("\"BASE64\"");
    }

    @Test
    void aSpooledMultipartKeepsItsOtherPartsByteForByte() throws Exception {
        // Over 256 KB: the decoder spools the literal, and the conversion goes file to file.
        StringBuilder binary = new StringBuilder();
        for (int i = 0; binary.length() < 400_000; i++) {
            binary.append((char) (i % 128));
        }
        String text = "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nd\u00e9j\u00e0\r\n";
        String message = "Subject: big\r\nContent-Type: multipart/mixed; boundary=\"=b\"\r\n\r\n"
                + "--=b\r\n" + text + "--=b\r\nContent-Transfer-Encoding: binary\r\n\r\n" + binary + "\r\n--=b--\r\n";
        appendLiteral8(message);

        String stored = stored(1);
        assertThat(stored).startsWith("Subject: big\r\nContent-Type: multipart/mixed; boundary=\"=b\"\r\n\r\n--=b\r\n" + text
                + "--=b\r\nContent-Transfer-Encoding: base64\r\n\r\n").endsWith("\r\n--=b--\r\n").doesNotContain("\0");
        c.ok("SELECT INBOX");
        assertThat(c.ok("FETCH 1 (BINARY.PEEK[1])").get(0)).isEqualTo("* 1 FETCH (BINARY[1] {6}\r\nd\u00e9j\u00e0)");
        assertThat(c.ok("FETCH 1 (BINARY.SIZE[2] BINARY.PEEK[2])").get(0))
                .isEqualTo("* 1 FETCH (BINARY.SIZE[2] " + binary.length() + " BINARY[2] ~{" + binary.length() + "}\r\n"
                        + binary + ")");
    }

    @Test
    void aNulStoredInAMessageGoesOutAs0x80InBodyAndAsItIsInBinary() throws Exception {
        // Delivered without APPEND (as SMTP would): the NUL is in the file.
        server.deliver(ALICE, HEAD + "Content-Transfer-Encoding: binary\r\n\r\n" + BODY);
        c.ok("SELECT INBOX");
        // All 8 bytes (imaptest once printed this as "", stopping at the NUL), none of them a NUL:
        // a {n} literal is CHAR8 (RFC 3501 9); the client's UTF-8 decoding shows 0x80 as U+FFFD.
        assertThat(c.ok("FETCH 1 (BODY.PEEK[1])").get(0))
                .isEqualTo("* 1 FETCH (BODY[1] {8}\r\n\ufffd" + BODY.substring(1) + ")");
        assertThat(c.ok("FETCH 1 (BODY.PEEK[1]<0.2>)").get(0)).isEqualTo("* 1 FETCH (BODY[1]<0> {2}\r\n\ufffd-)");
        assertThat(c.ok("FETCH 1 (BINARY.PEEK[1])").get(0)).isEqualTo("* 1 FETCH (BINARY[1] ~{8}\r\n" + BODY + ")");
    }

    @Test
    void anOrdinaryLiteralIsStoredAsSentEvenWhenItSaysBinary() throws Exception {
        // Only a literal8 can carry binary data; a plain literal's message is left alone.
        String message = HEAD + "Content-Transfer-Encoding: binary\r\n\r\nplain text\r\n";
        assertThat(c.status("APPEND INBOX {" + message.length() + "+}\r\n" + message)).contains(" OK [APPENDUID ");
        assertThat(stored(1)).isEqualTo(message);
    }

    @Test
    void aCatenatedLiteral8PartIsConvertedToo() throws Exception {
        byte[] part = (HEAD + "Content-Transfer-Encoding: binary\r\n\r\n" + BODY).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.write(("a1 APPEND INBOX CATENATE (TEXT ~{" + part.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        command.write(part);
        command.write(")\r\n".getBytes(StandardCharsets.US_ASCII));
        c.sendRaw(command.toByteArray());
        assertThat(c.readLine()).startsWith("a1 OK [APPENDUID ");
        assertThat(stored(1)).contains("Content-Transfer-Encoding: base64\r\n").doesNotContain("\0");
        c.ok("SELECT INBOX");
        assertThat(c.ok("FETCH 1 (BINARY.PEEK[1])").get(0)).isEqualTo("* 1 FETCH (BINARY[1] ~{8}\r\n" + BODY + ")");
    }
}
