package org.facteur.mailbox.journal;

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
class JournalLogTest {

    private static final long MAX = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderWithTheirFields() throws IOException {
        try (JournalLog log = JournalLog.open(dir.resolve("a.log"), 8192)) {
            log.start(5, 4);
            append(log, 5, "example.org/alice/cur/one", "first message");
            append(log, 5, "example.org/alice/.Sent/cur/two", "second");
            log.awaitDurable();
            List<JournalRecord> records = log.read();
            assertThat(records).extracting(JournalRecord::path)
                    .containsExactly("example.org/alice/cur/one", "example.org/alice/.Sent/cur/two");
            JournalRecord first = records.get(0);
            assertThat(first.generation()).isEqualTo(5);
            assertThat(first.uidValidity()).isEqualTo(77);
            assertThat(first.mtimeMillis()).isEqualTo(123456789L);
            assertThat(new String(first.content(), StandardCharsets.US_ASCII)).isEqualTo("first message");
            assertThat(first.contentCrc()).isEqualTo(JournalRecord.crcOf(first.content(), 0, first.length()));
            assertThat(log.readHeader()).isEqualTo(new JournalLog.Header(5, 4));
        }
    }

    @Test
    void theLogGrowsWhenARecordDoesNotFitAndRefusesPastItsLimit() throws IOException {
        try (JournalLog log = JournalLog.open(dir.resolve("a.log"), 8192)) {
            log.start(1, 0);
            assertThat(log.promise(JournalLog.recordSize(10, 100_000), MAX)).isTrue();
            log.withdraw(JournalLog.recordSize(10, 100_000));
            assertThat(log.promise(JournalLog.recordSize(10, (int) MAX), MAX)).isFalse();
        }
    }

    @Test
    void aReaderStopsAtATornRecordAndAtTheStaleRestOfAnEarlierRound() throws IOException {
        Path file = dir.resolve("a.log");
        try (JournalLog log = JournalLog.open(file, 8192)) {
            log.start(3, 2);
            append(log, 3, "p/cur/a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            append(log, 3, "p/cur/b", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
            append(log, 3, "p/cur/c", "ccccccccccccccccccccccccccccccccccccccc");
            // The next round of this log writes one record of the same size over the first: the
            // old second record follows it, whole, and only its generation tells it is stale.
            log.start(5, 4);
            append(log, 5, "p/cur/d", "ddddddddddddddddddddddddddddddddddddddd");
            assertThat(log.read()).extracting(JournalRecord::path).containsExactly("p/cur/d");
            // Cleared: nothing is pending, though the bytes of the round are still there.
            log.clear(5);
            assertThat(log.read()).isEmpty();
        }
        try (JournalLog log = JournalLog.open(file, 8192)) {
            log.start(7, 6);
            append(log, 7, "p/cur/e", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
            append(log, 7, "p/cur/f", "ffffffffffffffffffffffffffffffffffffffff");
            append(log, 7, "p/cur/g", "gggggggggggggggggggggggggggggggggggggggg");
        }
        // A torn write: the second record's last byte never reached the disk.
        long secondEnd = JournalLog.RECORDS_START + 2L * JournalLog.recordSize(7, 40);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), secondEnd - 1);
        }
        try (JournalLog log = JournalLog.open(file, 8192)) {
            assertThat(log.read()).extracting(JournalRecord::path).containsExactly("p/cur/e");
        }
    }

    @Test
    void anInterruptedAppenderNeitherFailsNorBreaksTheLogForOthers() throws Exception {
        try (JournalLog log = JournalLog.open(dir.resolve("a.log"), 8192)) {
            log.start(2, 1);
            Thread.currentThread().interrupt();
            try {
                append(log, 2, "p/cur/a", "written while interrupted");
                log.awaitDurable();
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            Thread other = new Thread(() -> {
                try {
                    append(log, 2, "p/cur/b", "after");
                    log.awaitDurable();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            other.start();
            other.join();
            assertThat(log.read()).extracting(JournalRecord::path).containsExactly("p/cur/a", "p/cur/b");
        }
    }

    @Test
    void aTornHeaderIsNotTrusted() throws IOException {
        Path file = dir.resolve("a.log");
        try (JournalLog log = JournalLog.open(file, 8192)) {
            log.clear(9);
            assertThat(log.readHeader()).isEqualTo(new JournalLog.Header(0, 9));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}), 17);
        }
        try (JournalLog log = JournalLog.open(file, 8192)) {
            assertThat(log.readHeader()).isNull();
        }
    }

    private static void append(JournalLog log, long generation, String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        int size = JournalLog.recordSize(path.length(), bytes.length);
        assertThat(log.promise(size, MAX)).isTrue();
        log.append(generation, 77, path, 123456789L, JournalRecord.crcOf(bytes, 0, bytes.length), bytes, bytes.length, size);
    }
}
