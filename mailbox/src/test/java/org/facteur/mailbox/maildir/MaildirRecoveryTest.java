package org.facteur.mailbox.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.facteur.db.Database;
import org.facteur.mailbox.FlagUpdate;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SpecialUse;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.TestMessages;
import org.facteur.mailbox.UidSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the files say wins: reopening after crashes, lost indexes and other tools' changes. */
class MaildirRecoveryTest {

    private static final String USER = "alice@example.org";
    private static final Instant DATE = Instant.parse("2026-11-25T10:15:30Z");

    @TempDir
    Path dataDir;

    private Path inboxDir() {
        return dataDir.resolve("mail/example.org/alice");
    }

    private static MailboxId inbox(MaildirStore store) {
        return store.mailbox(USER, "INBOX").orElseThrow().id();
    }

    private static long append(MaildirStore store, MailboxId box, String subject, Flags flags) {
        return store.append(box, TestMessages.stream(TestMessages.simple(subject)), flags, DATE).uid();
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void cleanReopenKeepsEverythingAndLeavesNoUidGap() throws IOException {
        long uidValidity;
        long next;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = inbox(store);
            append(store, inbox, "one", Flags.of(SystemFlag.SEEN));
            append(store, inbox, "two", Flags.of(Set.of(), Set.of("$Work")));
            uidValidity = store.mailbox(USER, "INBOX").orElseThrow().uidValidity();
            next = store.status(inbox).uidNext();
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxId inbox = inbox(store);
            assertThat(store.mailbox(USER, "INBOX").orElseThrow().uidValidity()).isEqualTo(uidValidity);
            assertThat(store.messages(inbox)).extracting(MessageRecord::uid).containsExactly(1L, 2L);
            assertThat(store.messages(inbox).get(1).flags().hasKeyword("$Work")).isTrue();
            assertThat(append(store, inbox, "three", Flags.NONE)).isEqualTo(next);
        }
    }

    @Test
    void deletedIndexIsRebuiltWithTheSameUidsFlagsAndUidValidity() throws IOException {
        MailboxInfo before;
        List<MessageRecord> messages;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxInfo work = store.createMailbox(USER, "Work/Projects", Optional.empty());
            append(store, work.id(), "a", Flags.of(SystemFlag.FLAGGED));
            long b = append(store, work.id(), "b", Flags.of(Set.of(SystemFlag.SEEN), Set.of("$Label1", "Urgent")));
            append(store, work.id(), "c", Flags.of(SystemFlag.DELETED));
            store.expunge(work.id(), UidSet.ALL);
            store.setFlags(work.id(), UidSet.of(b), FlagUpdate.ADD, Flags.of(SystemFlag.ANSWERED));
            before = store.mailbox(USER, "Work/Projects").orElseThrow();
            messages = store.messages(work.id());
        }
        MaildirStore.deleteRecursively(dataDir.resolve("index"));

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxInfo after = store.mailbox(USER, "Work/Projects").orElseThrow();
            assertThat(after.uidValidity()).isEqualTo(before.uidValidity());
            List<MessageRecord> rebuilt = store.messages(after.id());
            assertThat(rebuilt).extracting(MessageRecord::uid)
                    .containsExactlyElementsOf(messages.stream().map(MessageRecord::uid).toList());
            assertThat(rebuilt).extracting(MessageRecord::flags)
                    .containsExactlyElementsOf(messages.stream().map(MessageRecord::flags).toList());
            assertThat(store.mailbox(USER, "Sent").orElseThrow().specialUse()).contains(SpecialUse.SENT);
            assertThat(store.mailboxes(USER)).extracting(MailboxInfo::name).contains("Work", "INBOX", "Trash");
            assertThat(store.summary(after.id(), rebuilt.get(0).uid()).envelope().subject()).isEqualTo("a");
            // The expunged UID 3 is not handed out again: UIDs continue above the reservation.
            assertThat(append(store, after.id(), "d", Flags.NONE)).isGreaterThan(3);
        }
    }

    @Test
    void aDamagedIndexIsRebuiltFromTheFilesAtOpen() throws IOException {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, inbox(store), "survives", Flags.of(SystemFlag.SEEN));
        }
        Path indexFile = dataDir.resolve("index/facteur.mv.db");
        byte[] garbage = new byte[(int) Files.size(indexFile)];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        Files.write(indexFile, garbage);

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            List<MessageRecord> list = store.messages(inbox(store));
            assertThat(list).extracting(MessageRecord::uid).containsExactly(1L);
            assertThat(list.get(0).flags()).isEqualTo(Flags.of(SystemFlag.SEEN));
        }
    }

    @Test
    void reindexRebuildsAndIsRefusedWhileTheStoreIsOpen() throws IOException {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, inbox(store), "x", Flags.NONE);
            assertThatThrownBy(() -> MaildirStore.reindex(dataDir))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.getMessage()).contains("another facteur process"));
        }
        Recovery.Report report = MaildirStore.reindex(dataDir);
        assertThat(report.indexed()).isEqualTo(1);
        assertThat(report.mailboxes()).isEqualTo(6);
    }

    @Test
    void secondExclusiveOpenIsRefused() {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            assertThatThrownBy(() -> MaildirStore.openExclusive(dataDir))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_ALLOWED));
        }
    }

    @Test
    void foreignFileInNewIsDeliveredWithTheNextUid() throws IOException {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, inbox(store), "ours", Flags.NONE);
        }
        byte[] foreign = TestMessages.simple("dropped by procmail");
        Files.write(inboxDir().resolve("new/1700000000.12345.otherhost"), foreign);

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxId inbox = inbox(store);
            List<MessageRecord> list = store.messages(inbox);
            assertThat(list).hasSize(2);
            assertThat(list.get(1).uid()).isGreaterThan(list.get(0).uid());
            assertThat(read(store.content(inbox, list.get(1).uid(), 0, Long.MAX_VALUE))).isEqualTo(foreign);
            assertThat(list.get(1).flags()).isEqualTo(Flags.NONE);
            assertThat(names(inboxDir().resolve("new"))).isEmpty();
        }
    }

    @Test
    void malformedAndDuplicateNamesInCurGetNewUids() throws IOException {
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, inbox(store), "ours", Flags.NONE);
        }
        Path cur = inboxDir().resolve("cur");
        String ours = names(cur).get(0);
        Files.write(cur.resolve("garbage-name-without-info"), TestMessages.simple("g1"));
        Files.write(cur.resolve("weird,U=notanumber:2,S"), TestMessages.simple("g2"));
        Files.write(cur.resolve("x,U=99999999999:1,whatever"), TestMessages.simple("g3"));
        Files.copy(cur.resolve(ours), cur.resolve("copy-by-hand,U=1:2,F"));

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxId inbox = inbox(store);
            List<MessageRecord> list = store.messages(inbox);
            assertThat(list).hasSize(5);
            assertThat(list).extracting(MessageRecord::uid).doesNotHaveDuplicates().isSorted();
            assertThat(list.get(0).uid()).isEqualTo(1);
            assertThat(list.stream().filter(m -> m.flags().has(SystemFlag.SEEN)).count()).isEqualTo(1);
            for (String name : names(cur)) {
                assertThat(MaildirFileName.parse(name).uid()).as(name).isPositive();
            }
        }
    }

    @Test
    void tmpLeftoversAreRemovedAndMissingFilesDropped() throws IOException {
        long gone;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = inbox(store);
            append(store, inbox, "stays", Flags.NONE);
            gone = append(store, inbox, "goes", Flags.NONE);
        }
        Files.write(inboxDir().resolve("tmp/half-written"), new byte[] {'F', 'r'});
        Path cur = inboxDir().resolve("cur");
        for (String name : names(cur)) {
            if (MaildirFileName.parse(name).uid() == gone) {
                Files.delete(cur.resolve(name));
            }
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            assertThat(store.messages(inbox(store))).extracting(MessageRecord::uid).containsExactly(1L);
            assertThat(store.lastRecovery().tmpRemoved()).isEqualTo(1);
            assertThat(store.lastRecovery().dropped()).isEqualTo(1);
            assertThat(names(inboxDir().resolve("tmp"))).isEmpty();
        }
    }

    @Test
    void flagsChangedByAnotherMaildirToolAreTakenWithANewModSeq() throws IOException {
        long modSeqBefore;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            append(store, inbox(store), "read elsewhere", Flags.NONE);
            modSeqBefore = store.messages(inbox(store)).get(0).modSeq();
        }
        Path cur = inboxDir().resolve("cur");
        String name = names(cur).get(0);
        Files.move(cur.resolve(name), cur.resolve(MaildirFileName.parse(name).withInfo("RS").fileName()));

        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MessageRecord m = store.messages(inbox(store)).get(0);
            assertThat(m.flags()).isEqualTo(Flags.of(SystemFlag.ANSWERED, SystemFlag.SEEN));
            assertThat(m.modSeq()).isGreaterThan(modSeqBefore);
        }
    }

    @Test
    void anExpungedMessageWhoseFileCameBackStaysExpunged() throws IOException {
        Path saved = dataDir.resolve("saved");
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = inbox(store);
            append(store, inbox, "doomed", Flags.of(SystemFlag.DELETED));
            Path cur = inboxDir().resolve("cur");
            String name = names(cur).get(0);
            Files.copy(cur.resolve(name), saved);
            store.expunge(inbox, UidSet.ALL);
            // As if the unlink had not reached the disk before a crash:
            Files.copy(saved, cur.resolve(name));
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            assertThat(store.messages(inbox(store))).isEmpty();
            assertThat(names(inboxDir().resolve("cur"))).isEmpty();
        }
    }

    @Test
    void countersLostByTheIndexNeverGoBack() throws Exception {
        long highest;
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            store.createAccount(USER);
            MailboxId inbox = inbox(store);
            append(store, inbox, "a", Flags.NONE);
            append(store, inbox, "b", Flags.NONE);
            highest = store.status(inbox).highestModSeq();
        }
        // As if H2 had lost its last commits: counters back to the start, rows gone.
        try (Database db = Database.openIndex(dataDir); Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mailboxes SET uid_next = 1, highest_modseq = 0");
            s.executeUpdate("DELETE FROM messages");
        }
        try (MaildirStore store = MaildirStore.openExclusive(dataDir)) {
            MailboxId inbox = inbox(store);
            assertThat(store.messages(inbox)).extracting(MessageRecord::uid).containsExactly(1L, 2L);
            assertThat(store.status(inbox).highestModSeq()).isGreaterThan(highest);
            assertThat(append(store, inbox, "c", Flags.NONE)).isEqualTo(3);
        }
    }

    @Test
    void sharedOpenCreatesAccountsWhileTheServerHoldsTheStore() {
        try (MaildirStore server = MaildirStore.openExclusive(dataDir);
             MaildirStore admin = MaildirStore.openShared(dataDir)) {
            admin.createAccount("bob@example.org");
            MailboxId bobInbox = server.mailbox("bob@example.org", "INBOX").orElseThrow().id();
            assertThat(server.append(bobInbox, TestMessages.stream(TestMessages.simple("hi bob")), Flags.NONE, DATE).uid())
                    .isEqualTo(1);
        }
    }
}
