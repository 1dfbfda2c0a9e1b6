package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.facteur.db.Database;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SortKeys;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index that disagrees with the files, as H2 can leave it after a SIGKILL (commits not yet
 * written, rows of another time): the files win, at start and while the store runs.
 */
class StaleIndexTest {

    private static final String USER = "bob@example.org";
    private static final Instant DATE = Instant.parse("2026-11-25T10:15:30Z");
    private static final byte[] MESSAGE = TestMessages.simple("kept");

    @TempDir
    Path dataDir;

    private Path cur(String folder) {
        Path user = dataDir.resolve("mail/example.org/bob");
        return (folder.equals("INBOX") ? user : user.resolve("." + folder)).resolve("cur");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Changes the index behind the store's back, as a crash or a damaged H2 file would. */
    private void inIndex(String sql) throws SQLException {
        try (Database db = Database.openIndex(dataDir); Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static byte[] read(MaildirStore store, MailboxId box, long uid) throws IOException {
        try (InputStream in = store.content(box, uid, 0, Long.MAX_VALUE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void sortKeysTheIndexLostAreMadeAgainFromTheSummaryOrTheFile() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            store.append(inbox, TestMessages.stream(TestMessages.simple("first")), Flags.NONE, DATE);
            store.append(inbox, TestMessages.stream(TestMessages.simple("second")), Flags.NONE, DATE);
            store.append(inbox, TestMessages.stream(TestMessages.simple("third")), Flags.NONE, DATE);
        }
        // As a kill during the schema-3 backfill, or H2 losing rows, would leave it.
        inIndex("DELETE FROM sort_keys WHERE uid <> 2");
        inIndex("DELETE FROM summaries WHERE uid = 3");

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            List<SortKeys> keys = store.sortKeys(inbox, UidSet.ALL);
            assertThat(keys).extracting(SortKeys::subject).containsExactly("first", "second", "third");
            for (SortKeys k : keys) {
                assertThat(k).isEqualTo(SortKeys.of(k.uid(), store.summary(inbox, k.uid())));
            }
        }
        // And recorded again, so the next SORT reads them.
        try (Database db = Database.openIndex(dataDir); Connection c = db.connection(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM sort_keys")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aRowThatDescribesAnotherFileIsRebuiltFromTheFileAtOpen() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            store.append(inbox, TestMessages.stream(MESSAGE), Flags.of(SystemFlag.SEEN), DATE);
        }
        inIndex("UPDATE messages SET file_name = 'other,S=5,U=1:2,S', size = 5");

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            assertThat(store.lastRecovery().rowsRebuilt()).isEqualTo(1);
            List<MessageRecord> list = store.messages(inbox);
            assertThat(list).extracting(MessageRecord::size).containsExactly((long) MESSAGE.length);
            assertThat(read(store, inbox, 1)).isEqualTo(MESSAGE);
            assertThat(store.summary(inbox, 1).envelope().subject()).isEqualTo("kept");
        }
    }

    @Test
    void aFileNameTheIndexLostIsFoundByItsUid() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            store.append(inbox, TestMessages.stream(MESSAGE), Flags.NONE, DATE);
            store.append(inbox, TestMessages.stream(MESSAGE), Flags.NONE, DATE);
            // As if the index had lost a flag change: it names the file with \Seen, the file has none.
            inIndex("UPDATE messages SET file_name = REPLACE(file_name, ':2,', ':2,S')");

            assertThat(read(store, inbox, 1)).isEqualTo(MESSAGE);
            store.setFlags(inbox, UidSet.of(1), FlagUpdate.ADD, Flags.of(SystemFlag.FLAGGED));
            assertThat(names(cur("INBOX"))).anyMatch(n -> n.contains(",U=1:2,F"));
            store.expunge(inbox, UidSet.of(1)); // not \Deleted: nothing happens
            store.setFlags(inbox, UidSet.of(2), FlagUpdate.ADD, Flags.of(SystemFlag.DELETED));
            assertThat(store.expunge(inbox, UidSet.ALL)).containsExactly(2L);
            assertThat(names(cur("INBOX"))).hasSize(1).allMatch(n -> n.contains(",U=1:2,"));
        }
    }

    @Test
    void aMessageWhoseSummaryTheIndexLostIsParsedAgainAndMoves() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            MailboxId archive = store.mailbox(USER, "Archive").orElseThrow().id();
            store.append(inbox, TestMessages.stream(MESSAGE), Flags.NONE, DATE);
            inIndex("DELETE FROM summaries");

            assertThat(store.summary(inbox, 1).envelope().subject()).isEqualTo("kept");
            inIndex("DELETE FROM summaries");
            assertThat(store.move(inbox, UidSet.of(1), archive).destinationUids()).containsExactly(1L);
            assertThat(store.summary(archive, 1).size()).isEqualTo(MESSAGE.length);
            assertThat(read(store, archive, 1)).isEqualTo(MESSAGE);
        }
    }

    @Test
    void aRowNamingTheFileOfAnotherUidIsRefusedNotActedOn() throws Exception {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = store.mailbox(USER, "INBOX").orElseThrow().id();
            store.append(inbox, TestMessages.stream(MESSAGE), Flags.NONE, DATE);
            store.append(inbox, TestMessages.stream(TestMessages.simple("other")), Flags.NONE, DATE);
            List<String> before = names(cur("INBOX"));
            inIndex("UPDATE messages SET file_name = (SELECT file_name FROM messages WHERE uid = 2) WHERE uid = 1");

            assertThatThrownBy(() -> store.setFlags(inbox, UidSet.of(1), FlagUpdate.ADD, Flags.of(SystemFlag.DELETED)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("damaged");
            assertThat(names(cur("INBOX"))).isEqualTo(before);
        }
    }
}
