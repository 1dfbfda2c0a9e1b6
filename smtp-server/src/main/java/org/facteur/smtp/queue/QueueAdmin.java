package org.facteur.smtp.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code facteur queue list|flush|remove} does to {@code <data>/queue/}, whether or not a
 * server runs on it: reads envelopes, deletes a message, or leaves the {@code flush} file that
 * the running server's {@link QueueRunner} picks up within 100 ms. Unlike {@link MailQueue} it
 * recovers nothing (a running server's spool files in {@code tmp/} are not ours to clean).
 */
public final class QueueAdmin {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,64}");

    /** One delivery still to make, or failed and waiting for its bounce. */
    public record Pending(Envelope.Kind kind, String target, Optional<Envelope.Attempt> attempt) {
    }

    /** One queued message. */
    public record Entry(String id, String sender, long size, Instant received, List<Pending> pending) {
    }

    private final Path dir;

    public QueueAdmin(Path dataDir) {
        this.dir = dataDir.resolve("queue");
    }

    /** Every queued message, oldest first; an envelope that vanishes while listing is skipped. */
    public List<Entry> list() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.env")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".env".length()));
            }
        } catch (IOException e) {
            throw new QueueException("cannot list the queue " + dir, e);
        }
        ids.sort(null);
        List<Entry> entries = new ArrayList<>();
        for (String id : ids) {
            Envelope e;
            try {
                e = EnvelopeFormat.read(Files.readAllBytes(dir.resolve(id + ".env")));
            } catch (NoSuchFileException gone) {
                continue; // delivered meanwhile
            } catch (IOException ex) {
                throw new QueueException("cannot read the envelope of " + id, ex);
            }
            List<Pending> pending = e.deliveries().stream()
                    .map(d -> new Pending(d.kind(), d.target(), e.attempt(d))).toList();
            entries.add(new Entry(id, e.sender(), e.size(), e.received(), pending));
        }
        return entries;
    }

    /** Deletes {@code id} without bouncing it; false if it is not (or no longer) queued. */
    public boolean remove(String id) {
        if (!ID.matcher(id).matches()) {
            return false;
        }
        try {
            // The envelope is the commit point: once it is gone the runner leaves the message alone.
            boolean existed = Files.deleteIfExists(dir.resolve(id + ".env"));
            Files.deleteIfExists(dir.resolve(id + ".msg"));
            return existed;
        } catch (IOException e) {
            throw new QueueException("cannot remove " + id + " from the queue", e);
        }
    }

    /** Asks the running server (or the next one to start) to try every message now. */
    public void flush() {
        MailQueue.requestFlush(dir.getParent());
    }
}
