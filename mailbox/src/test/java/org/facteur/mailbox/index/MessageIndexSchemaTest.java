package org.facteur.mailbox.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.facteur.db.Database;
import org.facteur.mailbox.ExpungedUids;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SortKeys;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index's schema upgrades (schema-N.sql and what MessageIndex fills in after them). */
class MessageIndexSchemaTest {

    private static final String PREFIX = "/org/facteur/mailbox/index/schema-";
    /** More than one backfill batch, so that the batches' seams are crossed. */
    private static final int MESSAGES = 2_345;

    @TempDir
    Path dataDir;

    private static byte[] summary(int uid) throws IOException {
        String message = "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\nFrom: user" + uid + "@example.org\r\n"
                + "Subject: Re: topic " + (uid % 7) + "\r\nMessage-ID: <" + uid + "@x>\r\n"
                + (uid > 1 ? "References: <1@x> <" + (uid - 1) + "@x>\r\n" : "") + "\r\nbody\r\n";
        return MessageParser.parse(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))).encode();
    }

    /** Writes an index as the first release left it: schema-1's tables, rows in its columns. */
    private long buildSchemaOne() throws Exception {
        try (Database db = Database.openIndex(dataDir)) {
            db.migrate(MessageIndex.class, "mailbox-index", 1, PREFIX);
            try (Connection c = db.connection()) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO mailboxes(id, owner, name, uid_validity, uid_next, highest_modseq, "
                            + "special_use) VALUES(7, 'alice@example.org', 'INBOX', 1234, " + (MESSAGES + 2) + ", 900, NULL)");
                    s.executeUpdate("INSERT INTO expunged(mailbox_id, uid, modseq) VALUES(7, " + (MESSAGES + 1) + ", 850)");
                }
                try (PreparedStatement m = c.prepareStatement("INSERT INTO messages(mailbox_id, uid, modseq, flags, "
                        + "keywords, internal_date, size, file_name) VALUES(7, ?, ?, ?, ?, ?, ?, ?)");
                     PreparedStatement s = c.prepareStatement(
                             "INSERT INTO summaries(mailbox_id, uid, summary) VALUES(7, ?, ?)")) {
                    for (int uid = 1; uid <= MESSAGES; uid++) {
                        m.setLong(1, uid);
                        m.setLong(2, uid);
                        m.setInt(3, uid % 2 == 0 ? Flags.of(SystemFlag.SEEN).systemBits() : 0);
                        m.setString(4, uid == 3 ? "$Junk" : null);
                        m.setLong(5, 1_700_000_000_000L + uid);
                        m.setLong(6, 100 + uid);
                        m.setString(7, "1700000000.M" + uid + ",S=" + (100 + uid) + ",U=" + uid + ":2,");
                        m.addBatch();
                        s.setLong(1, uid);
                        s.setBytes(2, summary(uid));
                        s.addBatch();
                    }
                    m.executeBatch();
                    s.executeBatch();
                }
            }
        }
        return 7;
    }

    private static int schemaVersion(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM schema_versions WHERE component = 'mailbox-index'")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aSchemaOneIndexIsUpgradedOnOpenKeepingItsRowsAndFillingTheSortKeys() throws Exception {
        MailboxId box = new MailboxId(buildSchemaOne());

        try (Database db = Database.openIndex(dataDir)) {
            MessageIndex index = new MessageIndex(db);
            assertThat(schemaVersion(db)).isEqualTo(5);

            MailboxRow row = index.mailbox(box).orElseThrow();
            assertThat(row).isEqualTo(new MailboxRow(box, "alice@example.org", "INBOX", 1234, MESSAGES + 2, 900,
                    Optional.empty()));
            List<MessageRow> rows = index.messages(box);
            assertThat(rows).hasSize(MESSAGES);
            assertThat(rows.get(2)).isEqualTo(new MessageRow(3, 3, Flags.fromStored(0, "$Junk"),
                    Instant.ofEpochMilli(1_700_000_000_003L), 103, "1700000000.M3,S=103,U=3:2,"));
            assertThat(index.status(row).unseen()).isEqualTo((MESSAGES + 1) / 2);

            // Schema 2: the expunges the first release recorded are all known (floor 0).
            assertThat(index.expungedSince(box, 0)).isEqualTo(new ExpungedUids(List.of((long) MESSAGES + 1), true));
            assertThat(index.expungedSince(box, 850).uids()).isEmpty();

            // Schema 3: every message's sort keys, filled from its stored summary.
            List<SortKeys> keys = index.sortKeys(box, UidSet.ALL);
            assertThat(keys).hasSize(MESSAGES);
            List<SortKeys> expected = new ArrayList<>();
            for (int uid = 1; uid <= MESSAGES; uid++) {
                expected.add(SortKeys.of(uid, MessageSummary.decode(summary(uid))));
            }
            assertThat(keys).isEqualTo(expected);
            assertThat(keys.get(MESSAGES - 1).references()).containsExactly("<1@x>", "<" + (MESSAGES - 1) + "@x>");
        }
        // Opened again: nothing to do, nothing changed.
        try (Database db = Database.openIndex(dataDir)) {
            MessageIndex index = new MessageIndex(db);
            assertThat(index.sortKeys(box, UidSet.range(1, 10))).hasSize(10);
        }
    }

    @Test
    void aMessageWithHugeHeadersIsStoredWithTheSortKeysItsSummaryHolds() throws Exception {
        StringBuilder references = new StringBuilder("References:");
        for (int i = 0; i < 5_000; i++) {
            references.append(" <reference-number-").append(i).append("@lists.example.org>");
        }
        String message = "Subject: " + "s".repeat(150_000) + "\r\nMessage-ID: <a@x>\r\n" + references
                + "\r\n\r\nbody\r\n";
        MessageSummary parsed = MessageParser.parse(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));

        try (Database db = Database.inMemory("schema-test-huge")) {
            MessageIndex index = new MessageIndex(db);
            MailboxId box = index.inTransaction(c -> index.insertMailbox(c, "alice@example.org", "INBOX", 1, 2, 1,
                    Optional.empty()));
            index.inTransaction(c -> {
                index.insertMessage(c, box, new MessageRow(1, 1, Flags.NONE, Instant.EPOCH, message.length(), "f"),
                        parsed.encode());
                return null;
            });

            // The summary bounds each field already; the columns keep all it holds.
            assertThat(index.sortKeys(box, UidSet.ALL)).containsExactly(SortKeys.of(1, parsed));
        }
    }

    @Test
    void keysLongerThanTheirColumnsAreCutSoThatEqualIdsStayEqual() {
        String longId = "<" + "x".repeat(3_000) + "@x>";
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            references.add("<reference-number-" + i + "@lists.example.org>");
        }
        SortKeys huge = new SortKeys(1, null, "s".repeat(150_000), "m".repeat(2_000), null, null, longId,
                List.of(longId, "<second@x>"), references, "d".repeat(2_000), null);

        try (Database db = Database.inMemory("schema-test-long")) {
            MessageIndex index = new MessageIndex(db);
            MailboxId box = index.inTransaction(c -> index.insertMailbox(c, "alice@example.org", "INBOX", 1, 2, 1,
                    Optional.empty()));
            index.inTransaction(c -> {
                MessageIndex.putSortKeys(c, box, huge);
                return null;
            });

            SortKeys keys = index.sortKeys(box, UidSet.ALL).get(0);
            assertThat(keys.sentDate()).isNull();
            assertThat(keys.subject().length()).isEqualTo(100_000);
            assertThat(keys.fromMailbox().length()).isEqualTo(1_000);
            assertThat(keys.toMailbox()).isNull();
            assertThat(keys.fromDisplay().length()).isEqualTo(1_000);
            assertThat(keys.messageId().length()).isEqualTo(1_000);
            assertThat(keys.inReplyTo()).containsExactly(keys.messageId(), "<second@x>");
            // References keeps its last ids (the nearest ancestors), whole.
            assertThat(keys.references().size()).isBetween(2_000, 4_999);
            assertThat(keys.references()).isEqualTo(references.subList(5_000 - keys.references().size(), 5_000));
        }
    }
}
