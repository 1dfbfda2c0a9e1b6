package org.facteur.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log file format: what a reader finds after torn writes, stale rounds and torn headers. */
class RecordLogTest {

    private static final long MAX = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderWithTheirGenerationAndPayload() throws IOException {
        try (RecordLog log = RecordLog.open(dir.resolve("a.log"), 8192)) {
            log.start(5, 4);
            append(log, 5, "first message");
            append(log, 5, "second");
            log.awaitDurable();
            List<String> records = log.read((generation, payload, offset) -> generation + ":" + text(payload));
            assertThat(records).containsExactly("5:first message", "5:second");
            assertThat(log.readHeader()).isEqualTo(new RecordLog.Header(5, 4));
        }
    }

    @Test
    void theLogGrowsWhenARecordDoesNotFitAndRefusesPastItsLimit() throws IOException {
        try (RecordLog log = RecordLog.open(dir.resolve("a.log"), 8192)) {
            log.start(1, 0);
            assertThat(log.promise(RecordLog.recordSize(100_000), MAX)).isTrue();
            log.withdraw(RecordLog.recordSize(100_000));
            assertThat(log.promise(RecordLog.recordSize((int) MAX), MAX)).isFalse();
        }
    }

    @Test
    void aReaderStopsAtATornRecordAndAtTheStaleRestOfAnEarlierRound() throws IOException {
        Path file = dir.resolve("a.log");
        try (RecordLog log = RecordLog.open(file, 8192)) {
            log.start(3, 2);
            append(log, 3, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            append(log, 3, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
            append(log, 3, "cccccccccccccccccccccccccccccccccccccccc");
            // The next round of this log writes one record of the same size over the first: the
            // old second record follows it, whole, and only its generation tells it is stale.
            log.start(5, 4);
            append(log, 5, "dddddddddddddddddddddddddddddddddddddddd");
            assertThat(paths(log)).containsExactly("d");
            // Cleared: nothing is pending, though the bytes of the round are still there.
            log.clear(5);
            assertThat(paths(log)).isEmpty();
        }
        try (RecordLog log = RecordLog.open(file, 8192)) {
            log.start(7, 6);
            append(log, 7, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
            append(log, 7, "fffffffffffffffffffffffffffffffffffffffff");
            append(log, 7, "ggggggggggggggggggggggggggggggggggggggggg");
        }
        // A torn write: the second record's last byte never reached the disk.
        long secondEnd = RecordLog.RECORDS_START + 2L * RecordLog.recordSize(41);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), secondEnd - 1);
        }
        try (RecordLog log = RecordLog.open(file, 8192)) {
            assertThat(paths(log)).containsExactly("e");
        }
    }

    @Test
    void anInterruptedAppenderNeitherFailsNorBreaksTheLogForOthers() throws Exception {
        try (RecordLog log = RecordLog.open(dir.resolve("a.log"), 8192)) {
            log.start(2, 1);
            Thread.currentThread().interrupt();
            try {
                append(log, 2, "awritten while interrupted");
                log.awaitDurable();
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            Thread other = new Thread(() -> {
                try {
                    append(log, 2, "bafter");
                    log.awaitDurable();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            other.start();
            other.join();
            assertThat(paths(log)).containsExactly("a", "b");
        }
    }

    @Test
    void aTornHeaderIsNotTrusted() throws IOException {
        Path file = dir.resolve("a.log");
        try (RecordLog log = RecordLog.open(file, 8192)) {
            log.clear(9);
            assertThat(log.readHeader()).isEqualTo(new RecordLog.Header(0, 9));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}), 17);
        }
        try (RecordLog log = RecordLog.open(file, 8192)) {
            assertThat(log.readHeader()).isNull();
        }
    }

    private static void append(RecordLog log, long generation, String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        int size = RecordLog.recordSize(bytes.length);
        assertThat(log.promise(size, MAX)).isTrue();
        log.append(generation, new byte[0], bytes, bytes.length, size);
    }

    /** The first letter of each record's payload. */
    private static List<String> paths(RecordLog log) throws IOException {
        return log.read((generation, payload, offset) -> text(payload).substring(0, 1));
    }

    private static String text(ByteBuffer payload) {
        return StandardCharsets.US_ASCII.decode(payload).toString();
    }
}
