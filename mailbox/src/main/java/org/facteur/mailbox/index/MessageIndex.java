package org.facteur.mailbox.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.facteur.db.Database;
import org.facteur.db.IndexException;
import org.facteur.mailbox.ExpungedUids;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxStatus;
import org.facteur.mailbox.SortKeys;
import org.facteur.mailbox.SpecialUse;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * The mailbox index in plain, portable SQL: mailboxes, messages (listing fields, file name, the
 * summary computed at append and the sort keys taken from it) and expunged UIDs. Everything here can be rebuilt from the
 * Maildir files; the store keeps the two in step.
 */
public final class MessageIndex {

    /** Work done in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int BACKFILL_BATCH = 1000;
    private static final int SCAN_ROWS = 10_000;

    private static final String MESSAGE_COLUMNS = "uid, modseq, flags, keywords, internal_date, size, file_name";

    private final Database db;

    public MessageIndex(Database db) {
        this.db = db;
        int before = db.migrate(MessageIndex.class, "mailbox-index", 5, "/org/facteur/mailbox/index/schema-");
        if (before > 0 && before < 5) {
            backfillSortKeys();
        }
    }

    /**
     * Fills the sort keys of the messages of an index made before schema 5 from their stored
     * summaries (no file is read), a batch per transaction so that memory stays bounded. A kill
     * half-way loses nothing: a message without its row gets it when SORT first needs it.
     */
    private void backfillSortKeys() {
        long[] after = {-1, -1};
        boolean more = true;
        while (more) {
            more = inTransaction(c -> {
                int n = 0;
                try (PreparedStatement p = c.prepareStatement("SELECT mailbox_id, uid, summary FROM summaries "
                        + "WHERE mailbox_id > ? OR (mailbox_id = ? AND uid > ?) ORDER BY mailbox_id, uid LIMIT ?")) {
                    p.setLong(1, after[0]);
                    p.setLong(2, after[0]);
                    p.setLong(3, after[1]);
                    p.setInt(4, BACKFILL_BATCH);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            after[0] = r.getLong(1);
                            after[1] = r.getLong(2);
                            putSortKeys(c, new MailboxId(after[0]), after[1], r.getBytes(3));
                            n++;
                        }
                    }
                }
                return n == BACKFILL_BATCH;
            });
        }
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IndexException("mailbox index: " + e.getMessage(), e);
        }
    }

    private <T> T read(Work<T> work) {
        try (Connection c = db.connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IndexException("mailbox index: " + e.getMessage(), e);
        }
    }

    // ---- mailboxes

    public MailboxId insertMailbox(Connection c, String owner, String name, long uidValidity, long uidNext,
                                   long highestModSeq, Optional<SpecialUse> use) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO mailboxes(owner, name, uid_validity, uid_next, "
                + "highest_modseq, special_use, expunged_floor) VALUES(?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, owner);
            p.setString(2, name);
            p.setLong(3, uidValidity);
            p.setLong(4, uidNext);
            p.setLong(5, highestModSeq);
            p.setString(6, use.map(SpecialUse::attribute).orElse(null));
            // Expunges before the row was made are unknown (a rebuilt index): see schema-2.sql.
            p.setLong(7, highestModSeq);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return new MailboxId(keys.getLong(1));
            }
        }
    }

    public Optional<MailboxRow> mailbox(String owner, String name) {
        return read(c -> queryMailboxes(c, "owner = ? AND name = ?", owner, name).stream().findFirst());
    }

    public Optional<MailboxRow> mailbox(MailboxId id) {
        return read(c -> queryMailboxes(c, "id = ?", id.value()).stream().findFirst());
    }

    public List<MailboxRow> mailboxes(String owner) {
        return read(c -> queryMailboxes(c, "owner = ? ORDER BY name", owner));
    }

    public List<MailboxRow> allMailboxes() {
        return read(c -> queryMailboxes(c, "1 = 1 ORDER BY owner, name"));
    }

    private static List<MailboxRow> queryMailboxes(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, owner, name, uid_validity, uid_next, "
                + "highest_modseq, special_use FROM mailboxes WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<MailboxRow> rows = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.add(new MailboxRow(new MailboxId(r.getLong(1)), r.getString(2), r.getString(3),
                            r.getLong(4), r.getLong(5), r.getLong(6),
                            Optional.ofNullable(r.getString(7)).map(SpecialUse::fromAttribute)));
                }
            }
            return rows;
        }
    }

    public void renameMailbox(Connection c, MailboxId id, String newName) throws SQLException {
        update(c, "UPDATE mailboxes SET name = ? WHERE id = ?", newName, id.value());
    }

    public void updateCounters(Connection c, MailboxId id, long uidNext, long highestModSeq) throws SQLException {
        update(c, "UPDATE mailboxes SET uid_next = ?, highest_modseq = ? WHERE id = ?",
                uidNext, highestModSeq, id.value());
    }

    public void deleteMailbox(Connection c, MailboxId id) throws SQLException {
        update(c, "DELETE FROM messages WHERE mailbox_id = ?", id.value());
        update(c, "DELETE FROM summaries WHERE mailbox_id = ?", id.value());
        update(c, "DELETE FROM sort_keys WHERE id BETWEEN ? AND ?", SortKeyColumns.key(id, 0),
                SortKeyColumns.key(id, SortKeyColumns.MAX_UID));
        update(c, "DELETE FROM expunged WHERE mailbox_id = ?", id.value());
        update(c, "DELETE FROM mailboxes WHERE id = ?", id.value());
    }

    // ---- messages

    public void insertMessage(Connection c, MailboxId id, MessageRow m, byte[] summary) throws SQLException {
        insertMessage(c, id, m, summary, MessageSummary.decode(summary));
    }

    /** {@link #insertMessage(Connection, MailboxId, MessageRow, byte[])} with the summary at hand, not decoded again. */
    public void insertMessage(Connection c, MailboxId id, MessageRow m, byte[] summary, MessageSummary parsed)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO messages(mailbox_id, " + MESSAGE_COLUMNS
                + ") VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement s = c.prepareStatement("INSERT INTO summaries(mailbox_id, uid, summary) VALUES(?, ?, ?)")) {
            p.setLong(1, id.value());
            p.setLong(2, m.uid());
            p.setLong(3, m.modSeq());
            p.setInt(4, m.flags().systemBits());
            p.setString(5, keywordsOrNull(m.flags()));
            p.setLong(6, m.internalDate().toEpochMilli());
            p.setLong(7, m.size());
            p.setString(8, m.fileName());
            p.executeUpdate();
            s.setLong(1, id.value());
            s.setLong(2, m.uid());
            s.setBytes(3, summary);
            s.executeUpdate();
        }
        // INSERT, not putSortKeys' MERGE: H2 keeps no parsed MERGE between uses, and a new row's
        // UID has no keys yet (recovery deletes orphan keys before it inserts rows).
        writeSortKeys(c, "INSERT INTO sort_keys(id, mailbox_id, uid, packed) VALUES(?, ?, ?, ?)", id,
                SortKeys.of(m.uid(), parsed));
    }

    /** Records the sort keys of a message from its encoded summary, replacing any. */
    private static void putSortKeys(Connection c, MailboxId id, long uid, byte[] summary) throws SQLException {
        putSortKeys(c, id, SortKeys.of(uid, MessageSummary.decode(summary)));
    }

    /** Records a message's sort keys, replacing any. */
    public static void putSortKeys(Connection c, MailboxId id, SortKeys keys) throws SQLException {
        writeSortKeys(c, "MERGE INTO sort_keys(id, mailbox_id, uid, packed) KEY(id) VALUES(?, ?, ?, ?)", id, keys);
    }

    private static void writeSortKeys(Connection c, String sql, MailboxId id, SortKeys keys) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, SortKeyColumns.key(id, keys.uid()));
            p.setLong(2, id.value());
            p.setLong(3, keys.uid());
            p.setBytes(4, SortKeyColumns.pack(keys));
            p.executeUpdate();
        }
    }

    /** Receives stored sort keys, packed ({@link SortKeyBytes}), in ascending UID order. */
    @FunctionalInterface
    public interface PackedSortKeys {
        void accept(long uid, byte[] packed);
    }

    /** The sort keys of a UID set in ascending UID order; a message may lack them. */
    public List<SortKeys> sortKeys(MailboxId id, UidSet uids) {
        List<SortKeys> found = new ArrayList<>();
        sortKeys(id, uids, (uid, packed) -> found.add(SortKeyBytes.decode(uid, packed)));
        return found;
    }

    /**
     * The packed sort keys of a UID set in ascending UID order, a range of the table per range of
     * UIDs, read {@link #SCAN_ROWS} rows per query: H2 holds a query's whole result before giving
     * its first row, and writes one beyond its MAX_MEMORY_ROWS to a temporary file.
     */
    public void sortKeys(MailboxId id, UidSet uids, PackedSortKeys sink) {
        read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, packed FROM sort_keys WHERE id BETWEEN ? AND ? ORDER BY id LIMIT " + SCAN_ROWS)) {
                for (UidSet.Range range : uids.ranges()) {
                    if (range.first() > SortKeyColumns.MAX_UID) {
                        continue;
                    }
                    long from = SortKeyColumns.key(id, range.first());
                    long to = SortKeyColumns.key(id, range.last());
                    while (from <= to) {
                        p.setLong(1, from);
                        p.setLong(2, to);
                        int n = 0;
                        try (ResultSet r = p.executeQuery()) {
                            while (r.next()) {
                                long key = r.getLong(1);
                                sink.accept(SortKeyColumns.uid(key), r.getBytes(2));
                                from = key + 1;
                                n++;
                            }
                        }
                        if (n < SCAN_ROWS) {
                            break;
                        }
                    }
                }
            }
            return null;
        });
    }

    public List<MessageRow> messages(MailboxId id) {
        return read(c -> messages(c, id, UidSet.ALL));
    }

    public List<MessageRow> messages(MailboxId id, UidSet uids) {
        return read(c -> messages(c, id, uids));
    }

    /** The rows of a UID set, one range query per range so that huge ranges cost nothing. */
    public List<MessageRow> messages(Connection c, MailboxId id, UidSet uids) throws SQLException {
        List<MessageRow> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + MESSAGE_COLUMNS
                + " FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid")) {
            for (UidSet.Range range : uids.ranges()) {
                p.setLong(1, id.value());
                p.setLong(2, range.first());
                p.setLong(3, range.last());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new MessageRow(r.getLong(1), r.getLong(2),
                                Flags.fromStored(r.getInt(3), r.getString(4)),
                                Instant.ofEpochMilli(r.getLong(5)), r.getLong(6), r.getString(7)));
                    }
                }
            }
        }
        return rows;
    }

    public Optional<byte[]> summary(MailboxId id, long uid) {
        return read(c -> summary(c, id, uid));
    }

    /** UIDs expunged from the mailbox, so recovery does not bring their files back. */
    public Set<Long> expungedUids(MailboxId id) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT uid FROM expunged WHERE mailbox_id = ?")) {
                p.setLong(1, id.value());
                Set<Long> uids = new HashSet<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        uids.add(r.getLong(1));
                    }
                }
                return uids;
            }
        });
    }

    /**
     * The UIDs expunged with a MODSEQ above {@code modSeq}, ascending; incomplete when the
     * mailbox's memory of expunges starts above {@code modSeq} (see schema-2.sql).
     */
    public ExpungedUids expungedSince(MailboxId id, long modSeq) {
        return read(c -> {
            long floor;
            try (PreparedStatement p = c.prepareStatement("SELECT expunged_floor FROM mailboxes WHERE id = ?")) {
                p.setLong(1, id.value());
                try (ResultSet r = p.executeQuery()) {
                    floor = r.next() ? r.getLong(1) : Long.MAX_VALUE;
                }
            }
            List<Long> uids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                p.setLong(1, id.value());
                p.setLong(2, modSeq);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        uids.add(r.getLong(1));
                    }
                }
            }
            return new ExpungedUids(uids, modSeq >= floor);
        });
    }

    public Optional<byte[]> summary(Connection c, MailboxId id, long uid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT summary FROM summaries WHERE mailbox_id = ? AND uid = ?")) {
            p.setLong(1, id.value());
            p.setLong(2, uid);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Drops summaries whose message row is gone (a crash can lose one and not the other). */
    public void deleteOrphanSummaries(Connection c, MailboxId id) throws SQLException {
        update(c, "DELETE FROM summaries WHERE mailbox_id = ? AND uid NOT IN "
                + "(SELECT uid FROM messages WHERE mailbox_id = ?)", id.value(), id.value());
        update(c, "DELETE FROM sort_keys WHERE id BETWEEN ? AND ? AND uid NOT IN "
                + "(SELECT uid FROM messages WHERE mailbox_id = ?)", SortKeyColumns.key(id, 0),
                SortKeyColumns.key(id, SortKeyColumns.MAX_UID), id.value());
    }

    /** Forgets a message's row and summary without recording an expunge (the row is rebuilt). */
    public void deleteMessage(Connection c, MailboxId id, long uid) throws SQLException {
        update(c, "DELETE FROM messages WHERE mailbox_id = ? AND uid = ?", id.value(), uid);
        update(c, "DELETE FROM summaries WHERE mailbox_id = ? AND uid = ?", id.value(), uid);
        update(c, "DELETE FROM sort_keys WHERE id = ?", SortKeyColumns.key(id, uid));
    }

    /** Records a summary computed again from the file, replacing any. */
    public void putSummary(Connection c, MailboxId id, long uid, byte[] summary) throws SQLException {
        update(c, "MERGE INTO summaries(mailbox_id, uid, summary) KEY(mailbox_id, uid) VALUES(?, ?, ?)",
                id.value(), uid, summary);
        putSortKeys(c, id, uid, summary);
    }

    public void updateFlags(Connection c, MailboxId id, MessageRow m) throws SQLException {
        update(c, "UPDATE messages SET modseq = ?, flags = ?, keywords = ?, file_name = ? WHERE mailbox_id = ? AND uid = ?",
                m.modSeq(), m.flags().systemBits(), keywordsOrNull(m.flags()), m.fileName(), id.value(), m.uid());
    }

    public void updateFileName(Connection c, MailboxId id, long uid, String fileName) throws SQLException {
        update(c, "UPDATE messages SET file_name = ? WHERE mailbox_id = ? AND uid = ?", fileName, id.value(), uid);
    }

    /** Deletes the rows and remembers the UIDs as expunged at {@code modSeq} (for QRESYNC later). */
    public void expunge(Connection c, MailboxId id, List<Long> uids, long modSeq) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?");
             PreparedStatement delSummary = c.prepareStatement("DELETE FROM summaries WHERE mailbox_id = ? AND uid = ?");
             PreparedStatement delKeys = c.prepareStatement("DELETE FROM sort_keys WHERE id = ?");
             PreparedStatement mark = c.prepareStatement(
                     "MERGE INTO expunged(mailbox_id, uid, modseq) KEY(mailbox_id, uid) VALUES(?, ?, ?)")) {
            for (long uid : uids) {
                del.setLong(1, id.value());
                del.setLong(2, uid);
                del.addBatch();
                delSummary.setLong(1, id.value());
                delSummary.setLong(2, uid);
                delSummary.addBatch();
                delKeys.setLong(1, SortKeyColumns.key(id, uid));
                delKeys.addBatch();
                mark.setLong(1, id.value());
                mark.setLong(2, uid);
                mark.setLong(3, modSeq);
                mark.addBatch();
            }
            del.executeBatch();
            delSummary.executeBatch();
            delKeys.executeBatch();
            mark.executeBatch();
        }
    }

    /** The bytes of every message of the user's mailboxes: what a storage quota counts (RFC 9208 5.1). */
    public long storageUsed(String owner) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(SUM(m.size), 0) FROM messages m "
                    + "JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.owner = ?")) {
                p.setString(1, owner);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    public MailboxStatus status(MailboxRow box) {
        return read(c -> {
            // MOD of a division tests the bit in SQL that PostgreSQL also runs.
            int seenBit = Flags.of(SystemFlag.SEEN).systemBits();
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size), 0), "
                    + "COALESCE(SUM(CASE WHEN MOD(flags / " + seenBit + ", 2) = 0 THEN 1 ELSE 0 END), 0) "
                    + "FROM messages WHERE mailbox_id = ?")) {
                p.setLong(1, box.id().value());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return new MailboxStatus(r.getLong(1), r.getLong(3), box.uidNext(), box.uidValidity(),
                            box.highestModSeq(), r.getLong(2));
                }
            }
        });
    }

    private static String keywordsOrNull(Flags flags) {
        return flags.keywords().isEmpty() ? null : flags.keywordString();
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }
}
