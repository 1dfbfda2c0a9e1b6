package org.facteur.smtp.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fills a queue directory fast for benchmarks: the same files a commit writes, without the
 * fsyncs (10,000 durable commits would take minutes on a shared disk and measure the disk).
 */
public final class QueueFiller {

    private QueueFiller() {
    }

    /** {@code count} messages of {@code body} from {@code sender}, each to one remote recipient; returns their ids. */
    public static List<String> fill(Path dataDir, int count, byte[] body, String sender, String recipientDomain)
            throws IOException {
        Path dir = dataDir.resolve("queue");
        Files.createDirectories(dir.resolve("tmp"));
        List<String> ids = new ArrayList<>(count);
        long base = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "B%012d%06d", base, i);
            String rcpt = "user" + i + "@" + recipientDomain;
            Files.write(dir.resolve(id + ".msg"), body);
            Envelope e = new Envelope(id, Instant.now(), "bench", "127.0.0.1", "bench.test", sender, body.length, "",
                    false, "", "", List.of(new Envelope.Recipient(rcpt, "", "")),
                    List.of(new Envelope.Delivery(0, Envelope.Kind.REMOTE, rcpt, 0)));
            Files.write(dir.resolve(id + ".env"), EnvelopeFormat.write(e));
            ids.add(id);
        }
        return ids;
    }
}
