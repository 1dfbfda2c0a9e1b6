package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.facteur.imap.support.TestServer.ALICE;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MULTIAPPEND (RFC 3502) and APPEND of a literal8 (RFC 3516 4.4) over a real TLS socket. */
class MultiAppendTest {

    static final String M1 = "Subject: one\r\n\r\nfirst\r\n";
    static final String M2 = "Subject: two\r\n\r\nsecond\r\n";
    static final String M3 = "Subject: three\r\n\r\nthird\r\n";

    @RegisterExtension
    final TestServer server = TestServer.perTest(b -> b.appendLimit(1000));
    ImapClient c;
    long validity;

    @BeforeEach
    void start() throws Exception {
        server.deliver(ALICE, "Subject: old\r\n\r\nold\r\n");
        validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    List<MessageRecord> inbox() {
        return server.store().messages(server.mailbox(ALICE, "INBOX"));
    }

    String content(long uid) throws Exception {
        try (InputStream in = server.store().content(server.mailbox(ALICE, "INBOX"), uid, 0, Long.MAX_VALUE)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void capabilityAdvertisesMultiappend() throws Exception {
        assertThat(c.ok("CAPABILITY").get(0)).contains(" MULTIAPPEND");
    }

    @Test
    void synchronizingLiteralsEachGetAContinuation() throws Exception {
        c.send("a1 APPEND INBOX (\\Seen) \"05-Mar-2024 10:11:12 +0000\" {" + M1.length() + "}");
        assertThat(c.readLine()).startsWith("+ ");
        c.send(M1 + " {" + M2.length() + "}");
        assertThat(c.readLine()).startsWith("+ ");
        c.send(M2 + " (\\Flagged $Work) {" + M3.length() + "}");
        assertThat(c.readLine()).startsWith("+ ");
        c.send(M3);
        assertThat(c.readLine()).isEqualTo("a1 OK [APPENDUID " + validity + " 2:4] APPEND completed");

        List<MessageRecord> messages = inbox();
        assertThat(messages).extracting(MessageRecord::uid).containsExactly(1L, 2L, 3L, 4L);
        assertThat(content(2)).isEqualTo(M1);
        assertThat(content(3)).isEqualTo(M2);
        assertThat(content(4)).isEqualTo(M3);
        assertThat(messages.get(1).flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(messages.get(1).internalDate()).isEqualTo(Instant.parse("2024-03-05T10:11:12Z"));
        assertThat(messages.get(2).flags().systemFlags()).isEmpty();
        assertThat(messages.get(3).flags().has(SystemFlag.FLAGGED)).isTrue();
        assertThat(messages.get(3).flags().hasKeyword("$Work")).isTrue();
    }

    @Test
    void pipelinedLiteralPlusAppendsAreAnsweredInOrder() throws Exception {
        c.sendRaw("a1 APPEND INBOX {" + M1.length() + "+}\r\n" + M1 + " {" + M2.length() + "+}\r\n" + M2 + "\r\n"
                + "a2 APPEND Drafts (\\Draft) {" + M3.length() + "+}\r\n" + M3 + " (\\Seen) {" + M1.length() + "+}\r\n"
                + M1 + "\r\n"
                + "a3 NOOP\r\n");
        assertThat(c.readLine()).isEqualTo("a1 OK [APPENDUID " + validity + " 2:3] APPEND completed");
        long drafts = server.store().mailbox(ALICE, "Drafts").orElseThrow().uidValidity();
        assertThat(c.readLine()).isEqualTo("a2 OK [APPENDUID " + drafts + " 1:2] APPEND completed");
        assertThat(c.readLine()).startsWith("a3 OK");
        assertThat(content(2)).isEqualTo(M1);
        assertThat(content(3)).isEqualTo(M2);
        assertThat(server.store().messages(server.mailbox(ALICE, "Drafts"))).hasSize(2);
    }

    @Test
    void oneBadMessageAppendsNone() throws Exception {
        // The third message's date is bad: the first two must not be stored either (RFC 3502 6.3.11).
        assertThat(c.status("APPEND INBOX {" + M1.length() + "+}\r\n" + M1 + " {" + M2.length() + "+}\r\n" + M2
                + " \"31-Foo-2024 10:00:00 +0000\" {" + M3.length() + "+}\r\n" + M3)).startsWith("a2 BAD");
        // The second is over APPENDLIMIT (1000 bytes here).
        String big = "Subject: big\r\n\r\n" + "x".repeat(1000) + "\r\n";
        assertThat(c.status("APPEND INBOX {" + M1.length() + "+}\r\n" + M1 + " {" + big.length() + "+}\r\n" + big))
                .startsWith("a3 NO [TOOBIG]");
        assertThat(c.status("APPEND Nowhere {" + M1.length() + "+}\r\n" + M1 + " {" + M2.length() + "+}\r\n" + M2))
                .startsWith("a4 NO [TRYCREATE]");
        // Flags after the last message belong to no message.
        assertThat(c.status("APPEND INBOX {" + M1.length() + "+}\r\n" + M1 + " (\\Seen)")).startsWith("a5 BAD");
        assertThat(inbox()).hasSize(1);
        assertThat(c.ok("STATUS INBOX (MESSAGES UIDNEXT)").get(0)).isEqualTo("* STATUS \"INBOX\" (MESSAGES 1 UIDNEXT 2)");
    }

    @Test
    void aFailureAfterSomeMessagesWereStoredRemovesThem() throws Exception {
        MailboxId inbox = server.mailbox(ALICE, "INBOX");
        Path spooled = Files.write(server.dataDir().resolve("spooled"), M2.getBytes(StandardCharsets.US_ASCII));
        Path gone = server.dataDir().resolve("gone");
        List<AppendMessage> messages = List.of(
                new AppendMessage(Flags.NONE, Instant.now(), new Arg.Str(M1.getBytes(StandardCharsets.US_ASCII), true), null),
                new AppendMessage(Flags.NONE, Instant.now(), new Arg.Spooled(spooled, M2.length()), null),
                new AppendMessage(Flags.NONE, Instant.now(), new Arg.Spooled(gone, 10), null));
        assertThatThrownBy(() -> AllOrNothing.append(server.store(), inbox, messages))
                .isInstanceOf(CommandFailed.class).hasMessageStartingWith("[SERVERBUG]");
        assertThat(inbox()).extracting(MessageRecord::uid).containsExactly(1L);
        // The UIDs the removed messages took are not reused (RFC 3501 2.3.1.1).
        assertThat(c.status("APPEND INBOX {" + M3.length() + "+}\r\n" + M3))
                .isEqualTo("a2 OK [APPENDUID " + validity + " 4] APPEND completed");
    }

    @Test
    void literal8CarriesNulBytesIntoTheStore() throws Exception {
        byte[] head = "Subject: bin\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = {0, 1, 2, 0, (byte) 0xff, '\r', '\n'};
        byte[] message = new byte[head.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);

        c.send("a1 APPEND INBOX ~{" + message.length + "}");
        assertThat(c.readLine()).startsWith("+ ");
        c.sendRaw(message);
        c.send(" ~{" + M1.length() + "+}");
        c.send(M1);
        assertThat(c.readLine()).isEqualTo("a1 OK [APPENDUID " + validity + " 2:3] APPEND completed");
        // Stored base64 (RFC 3516 4.3, BinaryAppendTest); decoded, the bytes sent.
        assertThat(content(2)).isEqualTo(new String(head, StandardCharsets.ISO_8859_1).replace("binary", "base64")
                + java.util.Base64.getEncoder().encodeToString(body) + "\r\n");
        assertThat(content(3)).isEqualTo(M1);
        // A literal8 is an APPEND message only (RFC 3516 4.4): as a mailbox name it is BAD.
        assertThat(c.status("SELECT ~{5+}\r\nINBOX")).startsWith("a2 BAD");
    }
}
