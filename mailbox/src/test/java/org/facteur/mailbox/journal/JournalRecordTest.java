package org.facteur.mailbox.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.facteur.files.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's records in their log: every field comes back, the content from the log when asked. */
class JournalRecordTest {

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderWithTheirFields() throws IOException {
        try (RecordLog log = RecordLog.open(dir.resolve("a.log"), 8192)) {
            log.start(5, 4);
            append(log, "example.org/alice/cur/one", "first message");
            append(log, "example.org/alice/.Envoyés/cur/two", "second");
            log.awaitDurable();
            List<JournalRecord> records = log.read(JournalRecord.parser(log));
            assertThat(records).extracting(JournalRecord::path)
                    .containsExactly("example.org/alice/cur/one", "example.org/alice/.Envoyés/cur/two");
            JournalRecord first = records.get(0);
            assertThat(first.generation()).isEqualTo(5);
            assertThat(first.uidValidity()).isEqualTo(77);
            assertThat(first.mtimeMillis()).isEqualTo(123456789L);
            assertThat(new String(first.content(), StandardCharsets.US_ASCII)).isEqualTo("first message");
            assertThat(first.contentCrc()).isEqualTo(JournalRecord.crcOf(first.content(), 0, first.length()));
            assertThat(new String(records.get(1).content(), StandardCharsets.US_ASCII)).isEqualTo("second");
        }
    }

    private static void append(RecordLog log, String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        int size = JournalRecord.recordSize(path.getBytes(StandardCharsets.UTF_8).length, bytes.length);
        assertThat(log.promise(size, 1 << 20)).isTrue();
        log.append(5, JournalRecord.head(77, path, 123456789L, JournalRecord.crcOf(bytes, 0, bytes.length)), bytes,
                bytes.length, size);
    }
}
