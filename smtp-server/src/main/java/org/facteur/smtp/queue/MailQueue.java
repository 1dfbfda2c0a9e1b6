package org.facteur.smtp.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.facteur.files.DirectorySync;
import org.facteur.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable hand-off between reception and delivery: {@code <data>/queue/}.
 *
 * <p>A message of up to {@link CommitJournal#MAX_MESSAGE} is received in memory and committed
 * by one record in the queue's {@link CommitJournal}: durable with one fdatasync shared by the
 * commits in flight. It stays in memory for its deliveries; if it is still queued about
 * {@link CommitJournal#WRITE_OUT_AFTER_MILLIS} later (a remote delivery waiting, say), when its
 * envelope changes (a delivery attempt), or at a clean stop, it is written out as the two files
 * below. So {@code facteur queue list} and {@code remove}, which read the files, see a message
 * from its first delivery attempt or about ten seconds after its arrival. At most
 * {@link #MAX_HELD_BYTES} are held: past that, new messages take the file protocol.
 *
 * <p>Each message written out, and each larger one, is two files named by its queue id: {@code <id>.msg}, the message bytes as
 * they will be delivered (our {@code Received} header first, then the client's bytes,
 * dot-unstuffed), and {@code <id>.env}, its {@link Envelope} ({@link EnvelopeFormat}). A message
 * is spooled into {@code tmp/<id>.msg} (or a recycled file in {@code free/}, {@link FileRecycler})
 * while DATA arrives; {@link Spool#commit} fsyncs it and writes and fsyncs {@code tmp/<id>.env}
 * (or a recycled file; on another thread at the same time when it is the only commit in
 * flight), renames the message then the envelope
 * into {@code queue/} and waits for an fsync of that directory, one shared by every commit
 * renamed meanwhile ({@link DirectorySync}). Only then does the client get {@code 250}. The envelope's presence is
 * the commit point: at start-up {@code tmp/} and {@code free/} are emptied and a {@code .msg} without its
 * {@code .env} (a crash in the middle of a commit or of a removal) is deleted; such a message
 * was never acknowledged, or was fully delivered.
 *
 * <p>Envelope updates (deliveries done) replace the file atomically (write, fsync, rename, fsync
 * the directory). Removal deletes the envelope first.
 */
public final class MailQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);
    private static final String MSG = ".msg";
    private static final String ENV = ".env";
    /** Left by {@code facteur queue flush} for the running server's runner. */
    private static final String FLUSH = "flush";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Writes envelopes beside the message's fsync ({@link Spool#commit}); idle threads end after a minute. */
    private static final ExecutorService FSYNC = Executors.newCachedThreadPool(DaemonThreads.named("queue-fsync"));

    private final Path dir;
    private final Path tmp;
    /** Files of removed messages, for new ones ({@link FileRecycler}). */
    private final Path free;
    private final AtomicLong counter = new AtomicLong(RANDOM.nextInt(1 << 20));
    private final long minFreeBytes;
    /**
     * The queue's file system, looked up once: {@code Files.getFileStore} reads the mount table
     * each time (5% of the I/O threads' CPU at 50 sessions, perf 2026-11-26).
     */
    private final FileStore fileStore;
    private final DirectorySync dirSync;
    private final FileRecycler recycler;
    /** Commits between their first fsync and their last ({@link Spool#makeDurable}). */
    private final AtomicInteger committing = new AtomicInteger();
    private final CommitJournal journal;
    /** Messages committed by the journal and not written out as files: their bytes and envelope. */
    private final Map<String, Journaled> journaled = new ConcurrentHashMap<>();
    /** Bytes of {@link #journaled}; past {@link #MAX_HELD_BYTES} new messages take the file protocol. */
    private final AtomicLong heldBytes = new AtomicLong();
    /** Caps the memory of a backlog (deliveries slower than reception): about 12,000 messages of 5 KB. */
    static final long MAX_HELD_BYTES = 64L * 1024 * 1024;

    /**
     * A message held in memory. It is in {@link #journaled} from before its record is written
     * (so that a checkpoint can write it out), but queued only once its commit returned.
     */
    private static final class Journaled {
        final Envelope envelope;
        final byte[] bytes;
        volatile boolean committed;

        Journaled(Envelope envelope, byte[] bytes) {
            this.envelope = envelope;
            this.bytes = bytes;
        }
    }

    /** The committed message {@code id} held in memory, or null. */
    private Journaled held(String id) {
        Journaled j = journaled.get(id);
        return j != null && j.committed ? j : null;
    }

    /** Opens (creating if needed) {@code dataDir/queue} and cleans what a crash may have left. */
    public MailQueue(Path dataDir) {
        this(dataDir, 0);
    }

    /**
     * As {@link #MailQueue(Path)}, refusing new messages (a temporary failure, SMTP
     * {@code 452 4.3.1}) while the queue's file system has less than {@code minFreeBytes} usable,
     * like Postfix's {@code queue_minfree}, so that deliveries in progress still find room.
     */
    public MailQueue(Path dataDir, long minFreeBytes) {
        this.minFreeBytes = minFreeBytes;
        this.dir = dataDir.resolve("queue");
        this.tmp = dir.resolve("tmp");
        this.dirSync = new DirectorySync(dir);
        this.free = dir.resolve("free");
        this.recycler = new FileRecycler(free);
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(free);
            fileStore = Files.getFileStore(dir);
            recover();
            journal = openJournal();
        } catch (IOException e) {
            throw new QueueException("cannot open the queue " + dir, e);
        }
    }

    /** Writes out as files what the journal holds from a previous run, then starts it. */
    private CommitJournal openJournal() throws IOException {
        List<CommitJournal.Recovered> found = new ArrayList<>();
        CommitJournal j = CommitJournal.open(dir.resolve("journal"), found);
        try {
            for (CommitJournal.Recovered r : found) {
                // A message written out before the crash has files already, maybe updated since.
                if (!Files.exists(dir.resolve(r.id() + ENV))) {
                    LOG.info("queue.recover_journal queue={} (committed, not known delivered: queued again)", r.id());
                    byte[] message = r.message();
                    writeOut(r.id(), r.envelope(), message, message.length);
                }
            }
            j.start(this::writeOut);
            return j;
        } catch (IOException | RuntimeException e) {
            j.close();
            throw e;
        }
    }

    /** Writes a journaled message out as queue files, if it is still held in memory. */
    private void writeOut(String id) throws IOException {
        Journaled j = journaled.get(id);
        if (j != null) {
            writeOut(id, j, j.envelope);
        }
    }

    /**
     * Writes a message held in memory out as files with {@code envelope}; from then on the files
     * are the message, so its record no longer counts. False if it was not held any more.
     */
    private boolean writeOut(String id, Journaled j, Envelope envelope) throws IOException {
        synchronized (j) {
            if (journaled.get(id) != j) {
                return false;
            }
            writeOut(id, EnvelopeFormat.write(envelope), j.bytes, j.bytes.length);
            release(id, j);
            journal.done(id);
            return true;
        }
    }

    /** Drops a message from memory (written out, or gone from the queue); false if it was not there. */
    private boolean release(String id, Journaled j) {
        if (journaled.remove(id, j)) {
            heldBytes.addAndGet(-j.bytes.length);
            return true;
        }
        return false;
    }

    /**
     * Writes a message and its envelope durably as files in {@code queue/}. If that fails, what
     * was renamed is deleted: the message stays where it was (memory and its record).
     */
    private void writeOut(String id, byte[] envelope, byte[] message, int length) throws IOException {
        try {
            Path msg = writeDurably(tmp.resolve(id + MSG), message, length);
            Files.move(msg, dir.resolve(id + MSG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path env = writeDurably(tmp.resolve(id + ENV), envelope, envelope.length);
            Files.move(env, dir.resolve(id + ENV), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir.resolve(id + ENV));
            deleteQuietly(dir.resolve(id + MSG));
            throw e;
        }
    }

    public Path directory() {
        return dir;
    }

    private void recover() throws IOException {
        for (Path scratch : List.of(tmp, free)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(scratch)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + MSG)) {
            for (Path f : files) {
                String id = idOf(f);
                if (!Files.exists(dir.resolve(id + ENV))) {
                    LOG.info("queue.recover_orphan queue={} (no envelope: never acknowledged or already delivered)", id);
                    Files.deleteIfExists(f);
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ENV)) {
            for (Path f : files) {
                String id = idOf(f);
                if (!Files.exists(dir.resolve(id + MSG))) {
                    // Only a failed commit or removal leaves this (the message is renamed first).
                    LOG.warn("queue.recover_orphan queue={} (envelope without message, dropped)", id);
                    Files.deleteIfExists(f);
                }
            }
        }
        DirectorySync.force(dir);
    }

    /**
     * A new queue id: the time in milliseconds and a counter, base 36, so ids sort by arrival,
     * plus random letters so two processes (or a restart within a millisecond) never collide.
     */
    String newId() {
        int fourDigits = 36 * 36 * 36 * 36;
        String time = Long.toString(System.currentTimeMillis(), 36);
        String seq = pad(Long.toString(counter.incrementAndGet() % fourDigits, 36));
        String rnd = pad(Long.toString(RANDOM.nextInt(fourDigits), 36));
        return (time + seq + rnd).toUpperCase(Locale.ROOT);
    }

    private static String pad(String s) {
        return "0000".substring(s.length()) + s;
    }

    /** Starts receiving a message into {@code tmp/}. */
    public Spool newSpool() {
        String id = newId();
        Path file = tmp.resolve(id + MSG);
        try {
            if (minFreeBytes > 0 && fileStore.getUsableSpace() < minFreeBytes) {
                throw new QueueException("the queue's file system is below its free-space reserve",
                        new java.nio.file.FileSystemException(dir.toString(), null, "No space left on device"));
            }
            return new Spool(id);
        } catch (IOException e) {
            throw new QueueException("cannot create the spool file " + file, e);
        }
    }

    /** The ids of every committed message, oldest first. */
    public List<String> ids() {
        TreeSet<String> ids = new TreeSet<>();
        journaled.forEach((id, j) -> {
            if (j.committed) {
                ids.add(id);
            }
        });
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ENV)) {
            for (Path f : files) {
                ids.add(idOf(f));
            }
        } catch (IOException e) {
            throw new QueueException("cannot list the queue " + dir, e);
        }
        return new ArrayList<>(ids);
    }

    public Envelope envelope(String id) {
        Journaled j = held(id);
        if (j != null) {
            return j.envelope;
        }
        try {
            return EnvelopeFormat.read(Files.readAllBytes(dir.resolve(id + ENV)));
        } catch (IOException e) {
            throw new QueueException("cannot read the envelope of " + id, e);
        }
    }

    public boolean contains(String id) {
        return held(id) != null || Files.exists(dir.resolve(id + ENV));
    }

    /** The queued message's bytes. */
    public InputStream open(String id) throws IOException {
        Journaled j = held(id);
        if (j != null) {
            return new ByteArrayInputStream(j.bytes);
        }
        return Files.newInputStream(dir.resolve(id + MSG));
    }

    /**
     * Replaces the envelope durably (after some deliveries were made). A message removed meanwhile
     * ({@code facteur queue remove}) stays removed.
     */
    public void update(Envelope envelope) {
        Journaled j = held(envelope.queueId());
        try {
            if (j != null && writeOut(envelope.queueId(), j, envelope)) {
                return;
            }
        } catch (IOException e) {
            throw new QueueException("cannot update the envelope of " + envelope.queueId(), e);
        }
        Path target = dir.resolve(envelope.queueId() + ENV);
        Path temp = tmp.resolve(envelope.queueId() + ENV + "." + counter.incrementAndGet());
        if (!Files.exists(dir.resolve(envelope.queueId() + MSG))) {
            return;
        }
        try {
            byte[] text = EnvelopeFormat.write(envelope);
            Path written = writeDurably(temp, text, text.length);
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException e) {
            throw new QueueException("cannot update the envelope of " + envelope.queueId(), e);
        }
    }

    /**
     * Removes a message whose deliveries are all done: envelope first (the commit point), then the
     * bytes. Not fsynced: if a crash undoes the removal, the message is run again and every
     * delivery is found done by its delivery id, so nothing is delivered twice. The files go to
     * the {@link FileRecycler}, for new messages once a sync has made the removal durable.
     */
    public void remove(String id) {
        Journaled j = held(id);
        if (j != null) {
            synchronized (j) {
                if (release(id, j)) {
                    journal.done(id);
                    return;
                }
            }
        }
        try {
            recycler.recycle(dir.resolve(id + ENV));
            recycler.recycle(dir.resolve(id + MSG));
            journal.done(id);
        } catch (IOException e) {
            throw new QueueException("cannot remove " + id + " from the queue", e);
        }
    }

    private void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException ignored) {
            // Already gone.
        } catch (IOException e) {
            LOG.warn("queue.cleanup_failed file={} error=\"{}\"", p, e.getMessage());
        }
    }

    /**
     * Writes out as files the messages still held in memory and stops the journal: what a clean
     * stop leaves is the queue's files alone.
     */
    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            // The logs keep what was not written out: the next start reads them.
            LOG.warn("queue.close error=\"{}\" (the journal is read again at the next start)", e.getMessage());
        }
    }

    /** Asks the runner of a server on this data directory to try every message now. */
    public static void requestFlush(Path dataDir) {
        Path marker = dataDir.resolve("queue").resolve(FLUSH);
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "");
        } catch (IOException e) {
            throw new QueueException("cannot request a flush in " + marker.getParent(), e);
        }
    }

    /** True (once) if a flush was requested since the last call. */
    boolean takeFlushRequest() {
        try {
            return Files.deleteIfExists(dir.resolve(FLUSH));
        } catch (IOException e) {
            LOG.warn("queue.flush_marker error=\"{}\"", e.getMessage());
            return false;
        }
    }

    private static String idOf(Path f) {
        String name = f.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Returns once every rename made into {@code queue/} before the call is durable. */
    private void syncDirectory() throws IOException {
        long ticket = recycler.syncing();
        dirSync.sync();
        recycler.synced(ticket);
    }

    /** Writes and fsyncs a new file, at {@code file} or in a recycled one; returns where it is. */
    private Path writeDurably(Path file, byte[] content, int length) throws IOException {
        FileRecycler.Reserved reserved = recycler.open(file);
        try (FileChannel ch = reserved.channel()) {
            ByteBuffer buf = ByteBuffer.wrap(content, 0, length);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            FileRecycler.endAtPosition(ch);
            ch.force(true);
        }
        return reserved.file();
    }

    /**
     * A message being received. Up to {@link CommitJournal#MAX_MESSAGE} it is held in memory, for
     * the journal; past that it goes to a file in {@code tmp/} (or a recycled one) through the
     * buffer as it arrives, so a large message is never held whole in memory. Exactly one of
     * {@link #commit} and {@link #abort} ends it.
     */
    public final class Spool {

        private static final int FIRST_BUFFER = 8 * 1024;

        private final String id;
        /** The spool file, once the message outgrew memory (else null). */
        private Path file;
        private FileChannel channel;
        private byte[] buffer = new byte[FIRST_BUFFER];
        /** Octets in {@link #buffer} not yet written. */
        private int buffered;
        private long size;
        private boolean closed;

        private Spool(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Octets written so far. */
        public long size() {
            return size;
        }

        public void write(byte[] b, int off, int len) throws IOException {
            if (channel == null) {
                if (buffered + len <= CommitJournal.MAX_MESSAGE) {
                    if (buffered + len > buffer.length) {
                        buffer = Arrays.copyOf(buffer, Math.min(CommitJournal.MAX_MESSAGE,
                                Math.max(buffered + len, 2 * buffer.length)));
                    }
                    System.arraycopy(b, off, buffer, buffered, len);
                    buffered += len;
                    size += len;
                    return;
                }
                openFile();
            }
            if (len > buffer.length - buffered) {
                spill();
                if (len >= buffer.length) {
                    writeFully(ByteBuffer.wrap(b, off, len));
                    size += len;
                    return;
                }
            }
            System.arraycopy(b, off, buffer, buffered, len);
            buffered += len;
            size += len;
        }

        /** Moves the message from memory to a spool file, from where it keeps the file protocol. */
        private void openFile() throws IOException {
            FileRecycler.Reserved reserved = recycler.open(tmp.resolve(id + MSG));
            file = reserved.file();
            channel = reserved.channel();
            spill();
        }

        private void spill() throws IOException {
            writeFully(ByteBuffer.wrap(buffer, 0, buffered));
            buffered = 0;
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        /**
         * Makes the message durable in the queue with {@code envelope} (whose size is set from
         * the bytes written). When this returns, a crash at any instant keeps the message.
         */
        public Envelope commit(Envelope envelope) {
            Envelope e = envelope.as(id, size);
            Path envTemp = tmp.resolve(id + ENV);
            try {
                if (channel == null && commitToJournal(e)) {
                    return e;
                }
                if (channel == null) {
                    openFile();
                }
                Path envWritten = makeDurable(EnvelopeFormat.write(e), envTemp);
                Files.move(file, dir.resolve(id + MSG), StandardCopyOption.ATOMIC_MOVE);
                Files.move(envWritten, dir.resolve(id + ENV), StandardCopyOption.ATOMIC_MOVE);
                syncDirectory();
                return e;
            } catch (IOException | RuntimeException ex) {
                // Not acknowledged: nothing of it may stay (the client will send it again). An
                // envelope written into a recycled file stays in free/ until the next start.
                abort();
                deleteQuietly(envTemp);
                deleteQuietly(dir.resolve(id + ENV));
                deleteQuietly(dir.resolve(id + MSG));
                throw new QueueException("cannot commit " + id + " to the queue",
                        ex instanceof IOException io ? io : new IOException(ex));
            }
        }

        /** True once the journal made the message durable; false if it had no room. */
        private boolean commitToJournal(Envelope e) throws IOException {
            if (heldBytes.addAndGet(buffered) > MAX_HELD_BYTES) {
                heldBytes.addAndGet(-buffered);
                return false;
            }
            // Only its own bytes are kept: the spool's buffer may be up to twice as large.
            Journaled held = new Journaled(e, Arrays.copyOf(buffer, buffered));
            // In the map first: a checkpoint may write it out as soon as its record is in the log.
            journaled.put(id, held);
            boolean committed = false;
            try {
                committed = journal.commit(id, EnvelopeFormat.write(e), held.bytes, held.bytes.length);
            } finally {
                if (committed) {
                    closed = true;
                    held.committed = true;
                } else {
                    synchronized (held) {
                        if (!release(id, held)) {
                            // A checkpoint wrote it out meanwhile: never acknowledged, it must go.
                            deleteQuietly(dir.resolve(id + ENV));
                            deleteQuietly(dir.resolve(id + MSG));
                        }
                        // A record that reached the log must not come back at a restart either.
                        journal.done(id);
                    }
                }
            }
            return committed;
        }

        /**
         * Fsyncs the message and writes and fsyncs its envelope. A lone commit does both at the
         * same time, on two threads: the file system can then commit both in one journal
         * transaction, where one after the other costs two. With other commits in flight the disk
         * is kept busy by them, and the hand-off would cost two thread wake-ups per message
         * (scheduling was the largest kernel cost at 50 sessions, perf 2026-11-26): then both
         * fsyncs run here, one after the other. Returns once both are durable (or both attempts
         * are over), with where the envelope was written ({@code envTemp} or a recycled file).
         */
        private Path makeDurable(byte[] envelopeText, Path envTemp) throws IOException {
            boolean alone = committing.incrementAndGet() == 1;
            try {
                if (alone) {
                    return makeDurableInParallel(envelopeText, envTemp);
                }
                forceMessage();
                return writeDurably(envTemp, envelopeText, envelopeText.length);
            } finally {
                committing.decrementAndGet();
            }
        }

        private Path makeDurableInParallel(byte[] envelopeText, Path envTemp) throws IOException {
            Future<Path> envelopeDone = FSYNC.submit(() -> writeDurably(envTemp, envelopeText, envelopeText.length));
            Path written = null;
            IOException failure = null;
            try {
                forceMessage();
            } catch (IOException ex) {
                failure = ex;
            }
            // Waited for even after a failure: the caller deletes the envelope's file next.
            boolean interrupted = false;
            while (true) {
                try {
                    written = envelopeDone.get();
                    break;
                } catch (InterruptedException ex) {
                    interrupted = true;
                } catch (ExecutionException ex) {
                    if (failure == null) {
                        failure = ex.getCause() instanceof IOException io ? io : new IOException(ex.getCause());
                    }
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return written;
        }

        private void forceMessage() throws IOException {
            spill();
            FileRecycler.endAtPosition(channel);
            channel.force(true);
            channel.close();
            closed = true;
        }

        /** Drops the message (rejected, too big, or the client went away). */
        public void abort() {
            if (!closed) {
                closed = true;
                if (channel == null) {
                    return;
                }
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // The file is deleted just below.
                }
            }
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }
}
