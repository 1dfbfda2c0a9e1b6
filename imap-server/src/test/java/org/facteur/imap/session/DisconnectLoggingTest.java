package org.facteur.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocket;

import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Clients that go away at once (port scanners, health checks, impatient clients) are not server trouble. */
class DisconnectLoggingTest {

    @TempDir
    Path dir;

    TestServer server;
    final ListAppender<ILoggingEvent> events = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    final Logger facteur = (Logger) LoggerFactory.getLogger("org.facteur");
    Level facteurLevel;

    @BeforeEach
    void capture() {
        events.start();
        root.addAppender(events);
        facteurLevel = facteur.getLevel();
        facteur.setLevel(Level.INFO);
        server = new TestServer(dir).start();
    }

    @AfterEach
    void release() {
        server.close();
        root.detachAppender(events);
        facteur.setLevel(facteurLevel);
    }

    @Test
    void aClientLeavingRightAfterTheGreetingIsOneInfoLineNoWarning() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (Socket s = new Socket("127.0.0.1", server.imapPort())) {
                readGreeting(s.getInputStream());
            }
            try (Socket s = new Socket("127.0.0.1", server.imapPort())) {
                // gone before the greeting could be written
            }
            try (Socket s = new Socket("127.0.0.1", server.imapPort())) {
                readGreeting(s.getInputStream());
                s.setSoLinger(true, 0); // a reset, not a FIN
            }
            try (SSLSocket s = (SSLSocket) TestServer.clientTls().getSocketFactory()
                    .createSocket("127.0.0.1", server.imapsPort())) {
                s.startHandshake();
                readGreeting(s.getInputStream());
            }
        }
        Thread.sleep(500);
        // Ours only: this JVM's other tests may make Netty log (its leak detector reports late).
        List<ILoggingEvent> ours = events.list.stream().filter(e -> e.getLoggerName().startsWith("org.facteur.imap"))
                .collect(Collectors.toList());
        List<ILoggingEvent> serious = ours.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .collect(Collectors.toList());
        assertThat(serious).as("warnings: %s", serious).isEmpty();
        assertThat(ours).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    private static void readGreeting(InputStream in) throws Exception {
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            // the greeting's bytes
        }
        assertThat(c).isEqualTo('\n');
    }
}
