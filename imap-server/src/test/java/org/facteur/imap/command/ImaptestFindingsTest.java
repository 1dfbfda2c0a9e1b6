package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.nio.file.Path;
import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions for what Dovecot's imaptest found (issue #4), over the raw protocol. */
class ImaptestFindingsTest {

    /** imaptest's "atoms" test: every atom-char, which is not valid modified UTF-7 ('&' starts a bad shift). */
    private static final String ATOMS = "!#$&'+,-.0123456789:;<=>?@^_`|[}";

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir).start();
        server.deliver(ALICE, "Subject: x\r\n\r\ny\r\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aNameThatIsNotModifiedUtf7NamesNoMailboxAndTheSessionGoesOn() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            List<String> list = c.ok("LIST \"\" " + ATOMS + "%*");
            assertThat(list).hasSize(1);
            assertThat(c.status("SELECT " + ATOMS)).matches("a\\d+ NO .*");
            assertThat(c.status("EXAMINE " + ATOMS)).matches("a\\d+ NO .*");
            assertThat(c.status("STATUS " + ATOMS + " (MESSAGES)")).matches("a\\d+ NO .*");
            assertThat(c.status("DELETE " + ATOMS)).matches("a\\d+ NO .*");
            assertThat(c.status("SELECT \"&-&\"")).matches("a\\d+ NO .*");
            assertThat(c.status("NOOP")).endsWith("OK NOOP completed");
        }
    }
}
