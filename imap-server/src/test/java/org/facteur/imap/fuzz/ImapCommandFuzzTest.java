package org.facteur.imap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
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
 * connection gets its greeting. Every input gets a fresh account, so that a finding replays alone. Seeds and past findings:
 * {@code src/test/resources/org/facteur/imap/fuzz/ImapCommandFuzzTestInputs/commands/}.
 */
class ImapCommandFuzzTest {

    private static final Pattern RESPONSE = Pattern.compile("(?s)(\\* |\\+ |\\+$|[^ *+]+ (OK|NO|BAD)( |$)).*");

    @TempDir
    static Path dir;
    static TestServer server;
    static Failures failures;
    static final AtomicInteger accounts = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = new TestServer(dir, b -> b.allowPlaintextAuth(true)).start();
        failures = new Failures();
        failures.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(failures);
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
        // Jazzer's SSRF detector refuses connections unless told: ours go to the server under test only.
        int port = server.imapPort();
        try (SilentCloseable connecting = BugDetectors.allowNetworkConnections((host, p) -> p == port);
             ImapClient client = ImapClient.plain(port)) {
            assertThat(client.readLine()).startsWith("* OK");
            client.ok("LOGIN " + freshAccount() + " \"" + TestServer.PASSWORD + "\"");
            client.ok("SELECT INBOX");
            client.sendRaw(input);
            client.socket().shutdownOutput();
            List<String> responses = new ArrayList<>();
            for (String response = client.readLine(); response != null; response = client.readLine()) {
                responses.add(response);
                assertThat(response).as("response %d of %s", responses.size(), responses).matches(RESPONSE);
            }
        }
        assertThat(failures.take()).isEmpty();
    }

    /**
     * A fresh account with three messages. Each input gets its own: the server may still be
     * running the commands of the previous input after that client has gone (a client's
     * disconnection does not cancel the command in progress), and resetting a shared account under
     * them would make findings out of the harness.
     */
    private static String freshAccount() {
        String user = "fuzz" + accounts.incrementAndGet() + "@example.org";
        server.addUser(user);
        server.deliver(user, "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: one\r\n"
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nHello\r\n");
        server.deliver(user, "From: carol@example.org\r\nSubject: =?UTF-8?Q?d=C3=A9j=C3=A0?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=C3=A9\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n");
        server.deliver(user, "Subject: three\r\nIn-Reply-To: <1@example.org>\r\n\r\n" + "x".repeat(3000) + "\r\n");
        return user;
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
