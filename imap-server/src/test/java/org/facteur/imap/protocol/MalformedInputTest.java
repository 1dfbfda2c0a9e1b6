package org.facteur.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.Random;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input over a real connection: always a BAD (or NO), never a dropped session. */
class MalformedInputTest {

    @RegisterExtension
    final TestServer server = TestServer.perTest();

    @BeforeEach
    void start() {
        server.deliver(ALICE, "Subject: x\r\n\r\ny\r\n");
    }

    @Test
    void literalsBeforeLoginAreSmall() throws Exception {
        try (ImapClient c = ImapClient.tls(server.imapsPort())) {
            c.readLine();
            assertThat(c.status("LOGIN {9000}")).isEqualTo("a1 BAD [TOOBIG] literal larger than 8192 bytes");
            c.send("a2 LOGIN {9000+}");
            c.sendRaw("z".repeat(9000) + " x\r\n");
            assertThat(c.readLine()).isEqualTo("a2 BAD [TOOBIG] literal larger than 8192 bytes");
            // Synchronizing literals within the limit work before login (the client here does not wait for "+").
            assertThat(c.status("LOGIN {" + ALICE.length() + "}\r\n" + ALICE + " \"correct horse\"")).startsWith("a2 OK");
        }
    }

    @Test
    void grammarErrorsAnsweredAndTheSessionGoesOn() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            c.ok("SELECT INBOX");
            String[] bad = {
                "FETCH 1 (FLAGS",             // unclosed list
                "FETCH 1:99999999999 FLAGS",  // number beyond 32 bits
                "FETCH 1,,2 FLAGS",
                "STORE 1 +FLAGS (\\Nope)",
                "SEARCH ((((",
                "COPY 1",
                "UID",
                "LIST",
                "STATUS INBOX MESSAGES",
                "APPEND INBOX",
                "NOOP extra",
                "EXAMINE \"a\\qb\"",
            };
            for (String command : bad) {
                assertThat(c.status(command)).as(command).matches("a\\d+ BAD .+");
            }
            c.send("\u0001\u0002 garbage");
            assertThat(c.readLine()).startsWith("* BAD");
            c.send("");
            assertThat(c.readLine()).startsWith("* BAD");
            // A tag the grammar forbids is not echoed: "*9 BAD" or "+x OK" would read as untagged or a continuation.
            for (String tag : new String[] {"*9", "+x", "a%", "a\\b"}) {
                c.send(tag + " NOOP");
                assertThat(c.readLine()).as(tag).isEqualTo("* BAD missing or bad tag");
            }
            assertThat(c.status("NOOP")).endsWith("OK NOOP completed");
        }
    }

    @Test
    void randomBytesNeverCloseTheConnection() throws Exception {
        Random random = new Random(4);
        try (ImapClient c = server.login(ALICE)) {
            c.ok("SELECT INBOX");
            for (int i = 0; i < 200; i++) {
                byte[] line = new byte[1 + random.nextInt(60)];
                random.nextBytes(line);
                for (int k = 0; k < line.length; k++) {
                    // No line ends and no literal announcements: those would change the framing.
                    if (line[k] == '\r' || line[k] == '\n' || line[k] == '{') {
                        line[k] = 'x';
                    }
                }
                c.sendRaw(line);
                c.sendRaw("\r\n");
                String reply = c.readLine();
                assertThat(reply).as("reply %d", i).matches("(\\S+ (BAD|NO|OK)|\\*) .*");
                while (reply.startsWith("* ") && !reply.startsWith("* BAD")) {
                    reply = c.readLine();
                }
            }
            assertThat(c.status("NOOP")).endsWith("OK NOOP completed");
        }
    }
}
