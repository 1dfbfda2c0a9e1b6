package org.facteur.smtp.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.directory.PasswordHasher;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueRunner;
import org.facteur.smtp.queue.RetrySchedule;
import org.facteur.smtp.relay.ClientSettings;
import org.facteur.smtp.relay.DnsClient;
import org.facteur.smtp.relay.MxResolver;
import org.facteur.smtp.relay.OutboundSigner;
import org.facteur.smtp.relay.Router;
import org.facteur.smtp.relay.Timeouts;
import org.facteur.smtp.testing.SmtpSink;
import org.facteur.smtp.testing.TestDnsServer;

/**
 * The delivery side of a server in a temp directory: directory (domain example.test, user
 * alice), store, queue, and a runner with remote delivery through the test DNS server to the SMTP
 * sink on 127.0.0.2 (remote.test's MX), and DSN bounces. Messages are put in the queue directly.
 */
final class RelayHarness implements AutoCloseable {

    static final String SUBJECT = "Subject: relay test";

    final Path dir;
    final TestDnsServer dns;
    final SmtpSink sink;
    final Database database;
    final Directory directory;
    MaildirStore store;
    MailQueue queue;
    QueueRunner runner;
    RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMillis(300)), Duration.ofDays(1));
    RemoteDelivery.Limits limits = RemoteDelivery.Limits.DEFAULT;
    Router router;

    RelayHarness(Path dir) throws Exception {
        this.dir = dir;
        dns = new TestDnsServer();
        sink = new SmtpSink();
        dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.2");
        database = Database.open(dir);
        directory = new Directory(database, new PasswordHasher(1000));
        directory.addDomain("example.test");
        directory.addUser("alice@example.test", "secret".toCharArray());
        router = new MxResolver(new DnsClient(List.of(dns.address()), Duration.ofMillis(500)), sink.port());
    }

    RelayHarness start() {
        store = MaildirStore.openExclusive(dir);
        queue = new MailQueue(dir);
        ClientSettings client = new ClientSettings("mail.example.test", Timeouts.all(Duration.ofSeconds(5)),
                Optional.empty());
        runner = new QueueRunner(queue, new LocalDelivery(store, queue, directory::userExists),
                new RemoteDelivery(queue, router, client, OutboundSigner.NONE, limits),
                new DsnBouncer(queue, "mail.example.test", directory::resolve), 4, 300, schedule);
        runner.start();
        return this;
    }

    void stop() {
        runner.close();
        store.close();
    }

    /** Queues a message from {@code sender} to remote recipients, as reception would. */
    String send(String sender, String... remoteRecipients) throws IOException {
        return sendWith(sender, "", "", remoteRecipients);
    }

    String sendWith(String sender, String ret, String notify, String... to) throws IOException {
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        List<Envelope.Delivery> deliveries = new ArrayList<>();
        for (String r : to) {
            Envelope.Kind kind = r.endsWith("@example.test") ? Envelope.Kind.LOCAL : Envelope.Kind.REMOTE;
            deliveries.add(new Envelope.Delivery(deliveries.size(), kind, r, rcpts.size()));
            rcpts.add(new Envelope.Recipient(r, notify, ""));
        }
        byte[] body = ("From: <" + sender + ">\r\n" + SUBJECT + "\r\n\r\nThe body line.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        MailQueue.Spool spool = queue.newSpool();
        spool.write(body, 0, body.length);
        String id = spool.commit(new Envelope("", Instant.now(), "test", "127.0.0.1", "client.test", sender, 0, "", false,
                ret, "", rcpts, deliveries)).queueId();
        runner.submitNew(id);
        return id;
    }

    List<MessageRecord> inbox(String user) {
        return store.mailbox(user, MailStore.INBOX).map(b -> store.messages(b.id())).orElse(List.of());
    }

    String content(String user, MessageRecord m) throws IOException {
        MailboxInfo box = store.mailbox(user, MailStore.INBOX).orElseThrow();
        try (InputStream in = store.content(box.id(), m.uid(), 0, Long.MAX_VALUE)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The only message of alice's INBOX, once it arrives. */
    String awaitBounce() throws Exception {
        await(() -> !inbox("alice@example.test").isEmpty());
        List<MessageRecord> box = inbox("alice@example.test");
        return content("alice@example.test", box.get(box.size() - 1));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        stop();
        sink.close();
        dns.close();
        database.close();
    }
}
