package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;
import static org.facteur.imap.support.TestServer.BOB;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CATENATE (RFC 4469) with relative IMAP URLs (RFC 5092) over a real TLS socket, byte for byte. */
class CatenateTest {

    static final String ORIGINAL = "Subject: original\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nthe text\r\n"
            + "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
            + "--b--\r\n";
    static final String PART2_MIME = "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n";

    @RegisterExtension
    final TestServer server = TestServer.perTest(b -> b.appendLimit(2000));
    ImapClient c;
    long inboxValidity;

    @BeforeEach
    void start() throws Exception {
        server.deliver(ALICE, ORIGINAL);
        server.store().createMailbox(BOB, "Private", Optional.empty());
        inboxValidity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    String drafts(long uid) throws Exception {
        try (InputStream in = server.store().content(server.mailbox(ALICE, "Drafts"), uid, 0, Long.MAX_VALUE)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static String text(String s) {
        return "TEXT {" + s.length() + "+}\r\n" + s;
    }

    @Test
    void forwardsAPartBetweenNewText() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" CATENATE");
        String head = "Subject: fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=n\r\n\r\n"
                + "--n\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--n\r\n";
        String tail = "\r\n--n--\r\n";
        long drafts = server.store().mailbox(ALICE, "Drafts").orElseThrow().uidValidity();
        assertThat(c.status("APPEND Drafts (\\Draft) CATENATE (" + text(head)
                + " URL \"/INBOX;UIDVALIDITY=" + inboxValidity + "/;UID=1/;SECTION=2.MIME\""
                + " URL /INBOX/;UID=1/;SECTION=2 " + text(tail) + ")"))
                .isEqualTo("a3 OK [APPENDUID " + drafts + " 1] APPEND completed");
        assertThat(drafts(1)).isEqualTo(head + PART2_MIME + "JVBERi0xLjQK" + tail);
        try (Stream<Path> left = Files.list(server.dataDir())) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("imap-catenate-"))).isEmpty();
        }
    }

    @Test
    void wholeMessagesPartialsSynchronizingLiteralsAndMultiappend() throws Exception {
        c.send("a1 APPEND Drafts CATENATE (URL \"/INBOX/;UID=1\" TEXT {2}");
        assertThat(c.readLine()).startsWith("+ ");
        c.send("ok) CATENATE (URL \"/INBOX/;UID=1/;SECTION=HEADER.FIELDS%20(SUBJECT)/;PARTIAL=9.8\")");
        assertThat(c.readLine()).startsWith("a1 OK [APPENDUID ").endsWith(" 1:2] APPEND completed");
        assertThat(drafts(1)).isEqualTo(ORIGINAL + "ok");
        assertThat(drafts(2)).isEqualTo("original");
    }

    @Test
    void badUrlsAreNoBadurlAndNothingIsAppended() throws Exception {
        String[] bad = {
            "/INBOX;UIDVALIDITY=" + (inboxValidity + 1) + "/;UID=1", // UIDVALIDITY changed
            "/INBOX/;UID=99",                                         // no such message
            "/Nope/;UID=1",                                           // no such mailbox
            "/Private/;UID=1",                                        // Bob's mailbox, not Alice's
            "/INBOX/;UID=1/;SECTION=9",                               // no such part
            "/INBOX/;UID=1/;SECTION=FOO",                             // not a section
            "imap://alice@localhost/INBOX/;UID=1",                    // absolute URLs are not taken
            "/INBOX",                                                 // no UID
        };
        int tag = 2;
        for (String url : bad) {
            assertThat(c.status("APPEND INBOX (\\Seen) {3+}\r\nabc CATENATE (" + text("x") + " URL \"" + url + "\")"))
                    .startsWith("a" + tag++ + " NO [BADURL " + url + "]");
        }
        assertThat(server.store().messages(server.mailbox(ALICE, "INBOX"))).hasSize(1);
        assertThat(c.status("APPEND INBOX CATENATE (TEXT)")).startsWith("a" + tag++ + " BAD");
        assertThat(c.status("APPEND INBOX CATENATE (FOO \"x\")")).startsWith("a" + tag++ + " BAD");
        assertThat(c.status("APPEND INBOX CATENATE ()")).startsWith("a" + tag++ + " BAD");
    }

    @Test
    void aResultOverTheLimitIsTooBig() throws Exception {
        String url = " URL \"/INBOX/;UID=1\"";
        // Each part is under APPENDLIMIT (2000 here); together they are not.
        assertThat(ORIGINAL.length() * 12).isGreaterThan(2000);
        assertThat(c.status("APPEND INBOX CATENATE (" + url.repeat(12).substring(1) + ")"))
                .startsWith("a2 NO [TOOBIG]");
        assertThat(server.store().messages(server.mailbox(ALICE, "INBOX"))).hasSize(1);
    }
}
