package org.facteur.smtp.submission;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.facteur.guard.ConnectionLimits;
import org.facteur.guard.LoginThrottle;
import org.facteur.smtp.RawClient;
import org.facteur.smtp.TestMx;
import org.facteur.smtp.TestTls;
import org.facteur.smtp.reception.SmtpRole;
import org.facteur.smtp.reception.SmtpServer;
import org.facteur.smtp.reception.SmtpSettings;

/**
 * A {@link TestMx} (directory with alice, bob, the alias team for both, fwd to bob and a remote
 * address; store; queue; runner) plus its two submission listeners on free loopback ports, over
 * the same queue: {@link SmtpRole#SUBMISSION} (STARTTLS) and {@link SmtpRole#SUBMISSIONS}
 * (implicit TLS). Failed logins are delayed by a throttle of 50 ms doubling to 400 ms.
 */
final class TestSubmission implements AutoCloseable {

    static final String PASSWORD = "secret";
    static final Duration DELAY_BASE = Duration.ofMillis(50);

    final TestMx mx;
    final LoginThrottle throttle = new LoginThrottle(DELAY_BASE, Duration.ofMillis(400), Duration.ofMinutes(1));
    final SmtpServer submission;
    final SmtpServer submissions;

    TestSubmission(Path dir) throws Exception {
        mx = new TestMx(dir);
        ConnectionLimits limits = new ConnectionLimits(100, 50);
        submission = start(SmtpRole.SUBMISSION, limits);
        submissions = start(SmtpRole.SUBMISSIONS, limits);
    }

    private SmtpServer start(SmtpRole role, ConnectionLimits limits) throws Exception {
        SmtpSettings settings = SmtpSettings.builder(new InetSocketAddress("127.0.0.1", 0), "mx.example.test",
                TestTls.get().server).role(role).authThreads(2).build();
        SmtpServer server = new SmtpServer(settings, mx.directory, mx.queue, mx.runner, throttle, limits);
        server.start();
        return server;
    }

    /** Port 587's role: greeting, EHLO, STARTTLS, EHLO again; returns the client. */
    RawClient startTls() throws IOException {
        RawClient c = RawClient.ehlo(submission.port());
        if (!c.startTls().startsWith("220")) {
            throw new IllegalStateException("STARTTLS refused");
        }
        c.command("EHLO client.example.org");
        return c;
    }

    /** Port 465's role: TLS from the first byte, greeting, EHLO; returns the client. */
    RawClient implicitTls() throws IOException {
        RawClient c = new RawClient(submissions.port());
        c.handshake();
        c.reply();
        c.command("EHLO client.example.org");
        return c;
    }

    /** Implicit TLS and AUTH PLAIN as {@code user}; returns the client after 235. */
    RawClient loggedIn(String user) throws IOException {
        RawClient c = implicitTls();
        String reply = c.command("AUTH PLAIN " + plain("", user, PASSWORD));
        if (!reply.startsWith("235")) {
            throw new IllegalStateException("AUTH failed: " + reply);
        }
        return c;
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4616's message, base64. */
    static String plain(String authzid, String login, String password) {
        return b64(authzid + "\0" + login + "\0" + password);
    }

    @Override
    public void close() {
        submissions.stop();
        submission.stop();
        mx.close();
    }
}
