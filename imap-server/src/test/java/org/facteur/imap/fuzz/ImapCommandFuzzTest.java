package org.facteur.imap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * IMAP commands on the real server (issue 8 item 4): each input is what a logged-in client sends
 * with INBOX selected (three messages in it, one of them multipart), then the client closes its
 * side. Whatever the input: every response is well-formed (RFC 3501 7: untagged {@code *},
 * continuation {@code +}, or a tag with OK, NO or BAD; literals as announced; no bare LF), the
 * session ends when the input does (no hang), nothing is logged as a failure inside the server
 * (ImapSession logs an unexpected exception at ERROR, a store failure at WARN), and the next
 * connection gets its greeting. The account is put back as it was after every input, so that a
 * finding replays alone. Seeds and past findings:
 * {@code src/test/resources/org/facteur/imap/fuzz/ImapCommandFuzzTestInputs/commands/}.
 */
class ImapCommandFuzzTest {

    private static final Pattern RESPONSE = Pattern.compile("(?s)(\\* |\\+ |\\+$|[^ *+]+ (OK|NO|BAD)( |$)).*");

    @TempDir
    static Path dir;
    static TestServer server;
    static Failures failures;

    @BeforeAll
    static void start() {
        server = new TestServer(dir, b -> b.allowPlaintextAuth(true)).start();
        failures = new Failures();
        failures.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(failures);
        reset();
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(failures);
        server.close();
    }

    // No CR or LF here: Jazzer 0.24.0 writes them unescaped and libFuzzer then refuses the dictionary.
    @DictionaryEntries({"a ", "FETCH ", "UID ", "STORE ", "SEARCH ", "COPY ", "MOVE ", "EXPUNGE", "APPEND ",
        "SELECT ", "EXAMINE ", "CREATE ", "DELETE ", "RENAME ", "LIST ", "LSUB ", "STATUS ", "SUBSCRIBE ", "IDLE",
        "DONE", "NOOP", "CHECK", "CLOSE", "UNSELECT", "ENABLE ", "ID ", "NAMESPACE", "LOGOUT", "CAPABILITY",
        "INBOX", "1:*", "*", "BODY[", "BODY.PEEK[", "]<", ">", "HEADER.FIELDS (", "MIME", "TEXT", "BODYSTRUCTURE",
        "ENVELOPE", "FLAGS", "+FLAGS", "\\Seen", "\\Deleted", "RFC822.SIZE", "INTERNALDATE", "{", "}", "+}", "\"",
        "CHARSET ", "UTF-8", "OR ", "NOT ", "SINCE 1-Jan-2020", "RETURN (", "&AOk-", "%", "(", ")", "CONDSTORE",
        "QRESYNC", "MODSEQ", "CHANGEDSINCE ", "SORT ", "THREAD ", "REFERENCES"})
    @FuzzTest(maxDuration = "60s")
    void commands(byte[] input) throws Exception {
        try (ImapClient client = ImapClient.plain(server.imapPort())) {
            assertThat(client.readLine()).startsWith("* OK");
            client.ok("LOGIN " + TestServer.ALICE + " \"" + TestServer.PASSWORD + "\"");
            client.ok("SELECT INBOX");
            client.sendRaw(input);
            client.socket().shutdownOutput();
            List<String> responses = new ArrayList<>();
            for (String response = client.readLine(); response != null; response = client.readLine()) {
                responses.add(response);
                assertThat(response).as("response %d of %s", responses.size(), responses).matches(RESPONSE);
            }
        } finally {
            reset();
        }
        assertThat(failures.take()).isEmpty();
    }

    /** Back to the seeded account: only INBOX (and the default folders), with three messages. */
    private static void reset() {
        MailStore store = server.store();
        List<MailboxInfo> boxes = new ArrayList<>(store.mailboxes(TestServer.ALICE));
        boxes.sort((a, b) -> b.name().length() - a.name().length()); // children before their parents
        for (MailboxInfo box : boxes) {
            if (!box.name().equals(MailStore.INBOX) && !List.of("Sent", "Drafts", "Trash", "Junk", "Archive")
                    .contains(box.name())) {
                store.deleteMailbox(TestServer.ALICE, box.name());
            } else {
                store.remove(box.id(), UidSet.range(1, 4_294_967_295L)); // every UID (RFC 3501 2.3.1.1: 32 bits)
            }
        }
        server.deliver(TestServer.ALICE, "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: one\r\n"
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nHello\r\n");
        server.deliver(TestServer.ALICE, "From: carol@example.org\r\nSubject: =?UTF-8?Q?d=C3=A9j=C3=A0?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=C3=A9\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n");
        server.deliver(TestServer.ALICE, "Subject: three\r\nIn-Reply-To: <1@example.org>\r\n\r\n"
                + "x".repeat(3000) + "\r\n");
    }

    /** WARN and ERROR events of the server (ours and Netty's, where a buffer leak shows). */
    private static final class Failures extends AppenderBase<ILoggingEvent> {
        private final List<String> seen = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            String logger = event.getLoggerName();
            if (event.getLevel().isGreaterOrEqual(Level.WARN)
                    && (logger.startsWith("org.facteur") || logger.startsWith("io.netty"))) {
                StringBuilder s = new StringBuilder(logger).append(": ").append(event.getFormattedMessage());
                for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    s.append(" / ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                seen.add(s.toString());
            }
        }

        synchronized List<String> take() {
            List<String> copy = List.copyOf(seen);
            seen.clear();
            return copy;
        }
    }
}
