package org.facteur.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.directory.PasswordHasher;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.mailbox.quota.StorageQuota;
import org.facteur.smtp.delivery.DsnBouncer;
import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueRunner;
import org.facteur.smtp.queue.RetrySchedule;
import org.facteur.smtp.reception.SmtpServer;
import org.facteur.smtp.reception.SmtpSettings;

/**
 * A whole MX in a temp directory for a test: directory (H2 file), Maildir store, queue, queue
 * runner and SMTP listener on a free loopback port with a self-signed certificate.
 * Domain {@code example.test}; users alice and bob; the alias {@code team} for both;
 * {@code fwd} forwarding to bob and {@code carol@remote.test}.
 */
public final class TestMx implements AutoCloseable {

    public static final String DOMAIN = "example.test";

    public final Path dir;
    public final Database database;
    public final Directory directory;
    public MaildirStore store;
    public MailQueue queue;
    public QueueRunner runner;
    public SmtpServer smtp;
    private final UnaryOperator<SmtpSettings.Builder> tune;
    /** Free space the queue keeps in reserve ({@link MailQueue#MailQueue(Path, long)}). */
    public long queueMinFree;
    /** The runner's {@code queue.max_age}. */
    public java.time.Duration queueMaxAge = java.time.Duration.ofDays(5);
    /** {@code quota.storage} in bytes; with one set, failed deliveries also bounce (DSN). */
    private final long quota;

    public TestMx(Path dir) throws Exception {
        this(dir, s -> s);
    }

    public TestMx(Path dir, UnaryOperator<SmtpSettings.Builder> tune) throws Exception {
        this(dir, tune, 0);
    }

    /** An MX whose users may store {@code quota} bytes each, bouncing what cannot be delivered. */
    public TestMx(Path dir, long quota) throws Exception {
        this(dir, s -> s, quota);
    }

    private TestMx(Path dir, UnaryOperator<SmtpSettings.Builder> tune, long quota) throws Exception {
        this.dir = dir;
        this.tune = tune;
        this.quota = quota;
        this.database = Database.open(dir);
        this.directory = new Directory(database, new PasswordHasher(1000));
        if (!directory.isLocalDomain(DOMAIN)) {
            directory.addDomain(DOMAIN);
            directory.addUser("alice@" + DOMAIN, "secret".toCharArray());
            directory.addUser("bob@" + DOMAIN, "secret".toCharArray());
            directory.addAlias("team@" + DOMAIN, List.of("alice@" + DOMAIN, "bob@" + DOMAIN));
            directory.addAlias("fwd@" + DOMAIN, List.of("bob@" + DOMAIN, "carol@remote.test"));
        }
        startMail(true);
    }

    /** Opens the store and queue, and (if asked) starts the runner and the listener. */
    public void startMail(boolean runnerToo) throws Exception {
        store = MaildirStore.openExclusive(dir);
        queue = new MailQueue(dir, queueMinFree);
        StorageQuota storageQuota = quota == 0 ? StorageQuota.NONE : new StorageQuota(store, quota);
        if (quota == 0) {
            runner = new QueueRunner(queue, new LocalDelivery(store, queue, directory::userExists),
                    QueueRunner.DEFAULT_THREADS, 200, queueMaxAge);
        } else {
            runner = new QueueRunner(queue, new LocalDelivery(store, queue, directory::userExists, storageQuota), null,
                    new DsnBouncer(queue, "mx.example.test", directory::resolve), QueueRunner.DEFAULT_THREADS, 200,
                    new RetrySchedule(RetrySchedule.DEFAULT.delays(), queueMaxAge));
        }
        if (runnerToo) {
            runner.start();
        }
        smtp = new SmtpServer(tune.apply(SmtpSettings.builder(new InetSocketAddress("127.0.0.1", 0),
                "mx.example.test", TestTls.get().server)).quota(storageQuota).build(), directory, queue, runner);
        smtp.start();
    }

    /** Stops the listener, runner and store (not the directory): a restart can follow. */
    public void stopMail() {
        if (smtp != null) {
            smtp.stop();
        }
        if (runner != null) {
            runner.close();
        }
        if (queue != null) {
            queue.close();
        }
        if (store != null) {
            store.close();
        }
    }

    public int port() {
        return smtp.port();
    }

    public List<MessageRecord> inbox(String user) {
        return store.mailbox(user, MailStore.INBOX).map(b -> store.messages(b.id())).orElse(List.of());
    }

    public byte[] content(String user, MessageRecord m) throws IOException {
        MailboxInfo box = store.mailbox(user, MailStore.INBOX).orElseThrow();
        try (InputStream in = store.content(box.id(), m.uid(), 0, Long.MAX_VALUE)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** Waits until {@code user}'s INBOX has {@code count} messages (delivery is asynchronous). */
    public List<MessageRecord> awaitInbox(String user, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        List<MessageRecord> messages = inbox(user);
        while (messages.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
            messages = inbox(user);
        }
        return messages;
    }

    /** Waits until the queue holds only entries without local deliveries. */
    public void awaitQueueDrained() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            boolean pending = queue.ids().stream().anyMatch(id -> {
                try {
                    return !queue.envelope(id).deliveries(org.facteur.smtp.queue.Envelope.Kind.LOCAL).isEmpty();
                } catch (RuntimeException e) {
                    return false; // removed meanwhile
                }
            });
            if (!pending) {
                return;
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        stopMail();
        database.close();
    }
}
