package org.facteur.mailbox.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The baseline the store is measured against: what the disk allows for a durable Maildir
 * delivery without any index, one writer: write a file, fsync it, rename it into place.
 */
final class RawWriteLoop {

    private RawWriteLoop() {
    }

    /**
     * Files per second over {@code seconds}; with {@code syncDirectory} the rename is made durable
     * too (an fsync of {@code cur/}), as a delivery must be before it is acknowledged.
     */
    static double filesPerSecond(Path dir, byte[] content, double seconds, boolean syncDirectory) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cur = Files.createDirectories(dir.resolve("cur"));
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            Path file = tmp.resolve("raw" + n);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
            Files.move(file, cur.resolve("raw" + n), StandardCopyOption.ATOMIC_MOVE);
            if (syncDirectory) {
                try (FileChannel d = FileChannel.open(cur, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
