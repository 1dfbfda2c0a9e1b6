package org.facteur.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** One line per transaction, and the queue id on the delivery line: one grep follows a message. */
class LogTest {

    @TempDir
    static Path dir;
    static TestMx mx;
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        for (String name : List.of("org.facteur.smtp.transaction", "org.facteur.smtp.queue.QueueRunner")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.INFO);
            logger.addAppender(LOGS);
        }
        LOGS.start();
        mx = new TestMx(dir);
    }

    @AfterAll
    static void stop() {
        mx.close();
        for (String name : List.of("org.facteur.smtp.transaction", "org.facteur.smtp.queue.QueueRunner")) {
            ((Logger) LoggerFactory.getLogger(name)).detachAppender(LOGS);
        }
    }

    @Test
    void transactionAndDeliveryLinesShareTheQueueId() throws Exception {
        String queueId;
        try (RawClient c = RawClient.ehlo(mx.port())) {
            assertThat(c.command("MAIL FROM:<a@elsewhere.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<team@example.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: log\r\n\r\nx\r\n.\r\n");
            String reply = c.reply();
            queueId = reply.substring(reply.lastIndexOf(' ') + 1);
        }
        mx.awaitInbox("bob@example.test", 1);
        mx.awaitQueueDrained();
        Thread.sleep(50);
        List<String> lines = LOGS.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(l -> l.contains(queueId)).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("smtp.transaction session=")
                .contains("client=127.0.0.1", "helo=client.example.org", "from=<a@elsewhere.test>",
                        "rcpts=<team@example.test>", "size=", "tls=none", "queue=" + queueId, "result=\"250 2.0.0"));
        assertThat(lines).filteredOn(l -> l.startsWith("delivery.local queue=" + queueId)).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("user=alice@example.test", "result=delivered"))
                .anySatisfy(l -> assertThat(l).contains("user=bob@example.test", "result=delivered"));
    }
}
