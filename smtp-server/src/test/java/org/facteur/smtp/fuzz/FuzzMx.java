package org.facteur.smtp.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.facteur.guard.LoginThrottle;
import org.facteur.smtp.RawClient;
import org.facteur.smtp.TestMx;
import org.facteur.smtp.TestTls;
import org.facteur.smtp.reception.SmtpRole;
import org.facteur.smtp.reception.SmtpServer;
import org.facteur.smtp.reception.SmtpSettings;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;

/**
 * The real reception server of {@link TestMx}, shared by every input of a fuzzing run: starting
 * one per input would cost seconds; a connection per input keeps inputs independent.
 *
 * <p>Its queue runner is stopped, so an accepted message stays in the queue, where the target
 * reads it back and removes it ({@link #takeQueued}); nothing reaches a mailbox. Errors logged by
 * any thread (an exception in a handler is logged by James, answered {@code 421} and the
 * connection closed) are collected for {@link #takeErrors}.
 */
final class FuzzMx implements AutoCloseable {

    static final String SENDER = "fuzz@elsewhere.test";
    static final String RECIPIENT = "alice@" + TestMx.DOMAIN;

    private final TestMx mx;
    /** The submission listener on implicit TLS over the same directory and queue, without login delays. */
    private final SmtpServer submissions;
    private final Errors errors = new Errors();
    private final Logger transactions = (Logger) LoggerFactory.getLogger("org.facteur.smtp");
    private final Level transactionsLevel;

    FuzzMx(Path dir) throws Exception {
        mx = new TestMx(dir, s -> s.maxErrors(Integer.MAX_VALUE));
        mx.runner.close();
        submissions = new SmtpServer(SmtpSettings.builder(new InetSocketAddress("127.0.0.1", 0), "mx.example.test",
                TestTls.get().server).role(SmtpRole.SUBMISSIONS).maxErrors(Integer.MAX_VALUE).authThreads(2).build(),
                mx.directory, mx.queue, mx.runner, new LoginThrottle(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)),
                null);
        submissions.start();
        // One INFO line per message and per unscheduled queue entry would swamp the fuzzer's output.
        transactionsLevel = transactions.getLevel();
        transactions.setLevel(Level.WARN);
        errors.start();
        root().addAppender(errors);
    }

    /**
     * Lets the fuzz method connect: Jazzer's SSRF detector reports every connection, and ours, to
     * the server under test, are the point. Only from the fuzz method: before the first input
     * Jazzer's agent is not loaded, and its detector cannot be configured.
     */
    SilentCloseable allowConnections() {
        int port = mx.port();
        int submissionsPort = submissions.port();
        return BugDetectors.allowNetworkConnections((host, p) -> p == port || p == submissionsPort);
    }

    /** A new session on the submission listener (implicit TLS), its greeting read. */
    RawClient connectSubmissions() throws IOException {
        RawClient client = new RawClient(submissions.port());
        client.handshake();
        String greeting = client.reply();
        if (greeting == null || !greeting.startsWith("220 ")) {
            client.close();
            throw new AssertionError("no greeting: " + greeting);
        }
        return client;
    }

    /** A new session, its greeting read. */
    RawClient connect() throws IOException {
        RawClient client = new RawClient(mx.port());
        String greeting = client.reply();
        if (greeting == null || !greeting.startsWith("220 ")) {
            client.close();
            throw new AssertionError("no greeting: " + greeting);
        }
        return client;
    }

    /** The queued message's bytes (our Received header, then the client's), removed from the queue. */
    byte[] takeQueued(String id) throws IOException {
        try (InputStream in = mx.queue.open(id)) {
            return in.readAllBytes();
        } finally {
            mx.queue.remove(id);
        }
    }

    /** Empties the queue: whatever an input had accepted must not pile up over a run. */
    void clearQueue() {
        mx.queue.ids().forEach(mx.queue::remove);
    }

    /** Every ERROR message logged since the last call, tolerated ones included. */
    List<String> takeAllErrorMessages() {
        return errors.takeAll();
    }

    /** Errors logged since the last call, each as its message and exception chain. */
    List<String> takeErrors() {
        return errors.take();
    }

    @Override
    public void close() {
        root().detachAppender(errors);
        transactions.setLevel(transactionsLevel);
        submissions.stop();
        mx.close();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /**
     * ERROR events, except two refusals that are right and that James logs as errors: a failed
     * TLS handshake (after {@code 220} to STARTTLS the input's bytes are not TLS), and commands
     * pipelined behind STARTTLS (CVE-2011-0411: James's framer closes the connection).
     */
    private static final class Errors extends AppenderBase<ILoggingEvent> {
        private final List<String> seen = new ArrayList<>();
        private final List<String> all = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                all.add(event.getFormattedMessage());
            }
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) && !isExpectedRefusal(event.getThrowableProxy())) {
                StringBuilder s = new StringBuilder(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    s.append(" / ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                seen.add(s.toString());
            }
        }

        synchronized List<String> takeAll() {
            List<String> copy = List.copyOf(all);
            all.clear();
            return copy;
        }

        synchronized List<String> take() {
            List<String> copy = List.copyOf(seen);
            seen.clear();
            return copy;
        }

        private static boolean isExpectedRefusal(IThrowableProxy t) {
            for (; t != null; t = t.getCause()) {
                String name = t.getClassName();
                if (name.contains("SSL") || name.contains("Ssl") || name.endsWith(".CommandInjectionDetectedException")) {
                    return true;
                }
            }
            return false;
        }
    }
}
