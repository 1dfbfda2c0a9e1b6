package org.facteur.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * What every {@link MailStore} backend must do. A backend's test class implements this
 * interface and provides a fresh store per test.
 */
public interface MailStoreContract {

    /** A fresh, empty store for each test. */
    MailStore store();

    String USER = "alice@example.org";
    Instant DATE = Instant.parse("2026-11-25T10:15:30Z");

    private MailboxId inbox() {
        store().createAccount(USER);
        return store().mailbox(USER, "INBOX").orElseThrow().id();
    }

    private AppendResult append(MailboxId box, String subject, Flags flags) {
        return store().append(box, TestMessages.stream(TestMessages.simple(subject)), flags, DATE);
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- accounts and mailboxes

    @Test
    default void newAccountHasDefaultFoldersWithSpecialUse() {
        store().createAccount(USER);
        store().createAccount(USER); // idempotent
        assertThat(store().mailboxes(USER)).extracting(MailboxInfo::name)
                .containsExactly("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash");
        assertThat(store().mailbox(USER, "Sent").orElseThrow().specialUse()).contains(SpecialUse.SENT);
        assertThat(store().mailbox(USER, "Trash").orElseThrow().specialUse()).contains(SpecialUse.TRASH);
        assertThat(store().mailbox(USER, "INBOX").orElseThrow().specialUse()).isEmpty();
        assertThat(store().subscriptions(USER)).contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
    }

    @Test
    default void inboxIsCaseInsensitive() {
        MailboxId inbox = inbox();
        assertThat(store().mailbox(USER, "inbox").orElseThrow().id()).isEqualTo(inbox);
        assertThat(store().mailbox(USER, "InBoX").orElseThrow().name()).isEqualTo("INBOX");
    }

    @Test
    default void createMakesMissingParents() {
        inbox();
        store().createMailbox(USER, "Work/Projects/2026", Optional.empty());
        assertThat(store().mailbox(USER, "Work")).isPresent();
        assertThat(store().mailbox(USER, "Work/Projects")).isPresent();
        assertThat(store().mailbox(USER, "Work/Projects/2026")).isPresent();
        assertThatThrownBy(() -> store().createMailbox(USER, "Work", Optional.empty()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.MAILBOX_EXISTS));
    }

    @Test
    default void namesWithDotsAmpersandsAndUnicodeRoundTrip() {
        inbox();
        for (String name : List.of("v1.2 notes", "R&D", "Überweisungen/2026", "日本語", "a.b/c.d")) {
            store().createMailbox(USER, name, Optional.empty());
            assertThat(store().mailbox(USER, name)).as(name).isPresent();
        }
        assertThat(store().mailboxes(USER)).extracting(MailboxInfo::name)
                .contains("v1.2 notes", "R&D", "Überweisungen", "Überweisungen/2026", "日本語", "a.b", "a.b/c.d");
    }

    @Test
    default void badNamesAreRefused() {
        inbox();
        assertThatThrownBy(() -> store().createMailbox(USER, "a//b", Optional.empty()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID_NAME));
    }

    @Test
    default void renameMovesChildrenAndKeepsUidValidityAndMessages() {
        inbox();
        MailboxInfo work = store().createMailbox(USER, "Work", Optional.empty());
        MailboxInfo child = store().createMailbox(USER, "Work/Old", Optional.empty());
        append(child.id(), "kept", Flags.of(SystemFlag.SEEN));

        store().renameMailbox(USER, "Work", "Jobs/Work");

        assertThat(store().mailbox(USER, "Work")).isEmpty();
        MailboxInfo renamed = store().mailbox(USER, "Jobs/Work").orElseThrow();
        assertThat(renamed.id()).isEqualTo(work.id());
        assertThat(renamed.uidValidity()).isEqualTo(work.uidValidity());
        MailboxInfo renamedChild = store().mailbox(USER, "Jobs/Work/Old").orElseThrow();
        assertThat(store().messages(renamedChild.id())).hasSize(1)
                .first().satisfies(m -> assertThat(m.flags().has(SystemFlag.SEEN)).isTrue());
        assertThat(read(store().content(renamedChild.id(), 1, 0, Long.MAX_VALUE)))
                .isEqualTo(TestMessages.simple("kept"));
        assertThat(store().mailbox(USER, "Jobs")).isPresent();
    }

    @Test
    default void renamingInboxMovesItsMessagesAndLeavesItEmpty() {
        MailboxId inbox = inbox();
        append(inbox, "one", Flags.NONE);
        append(inbox, "two", Flags.NONE);
        store().renameMailbox(USER, "INBOX", "Old Inbox");
        assertThat(store().messages(inbox)).isEmpty();
        MailboxInfo old = store().mailbox(USER, "Old Inbox").orElseThrow();
        assertThat(store().messages(old.id())).hasSize(2);
    }

    @Test
    default void deleteRemovesMailboxButNotInboxOrParents() {
        inbox();
        store().createMailbox(USER, "A/B", Optional.empty());
        assertThatThrownBy(() -> store().deleteMailbox(USER, "A")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store().deleteMailbox(USER, "INBOX")).isInstanceOf(StoreException.class);
        store().deleteMailbox(USER, "A/B");
        store().deleteMailbox(USER, "A");
        assertThat(store().mailbox(USER, "A")).isEmpty();
        assertThatThrownBy(() -> store().deleteMailbox(USER, "A"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NO_SUCH_MAILBOX));
    }

    @Test
    default void recreatedMailboxGetsNewUidValidity() {
        inbox();
        long first = store().createMailbox(USER, "Tmp", Optional.empty()).uidValidity();
        store().deleteMailbox(USER, "Tmp");
        long second = store().createMailbox(USER, "Tmp", Optional.empty()).uidValidity();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    default void subscriptionsNeedNotExist() {
        inbox();
        store().subscribe(USER, "Later");
        assertThat(store().subscriptions(USER)).contains("Later");
        store().unsubscribe(USER, "Later");
        assertThat(store().subscriptions(USER)).doesNotContain("Later");
    }

    @Test
    default void deleteAccountRemovesEverything() {
        MailboxId inbox = inbox();
        append(inbox, "bye", Flags.NONE);
        store().deleteAccount(USER);
        assertThat(store().mailboxes(USER)).isEmpty();
        store().createAccount(USER);
        MailboxId fresh = store().mailbox(USER, "INBOX").orElseThrow().id();
        assertThat(store().messages(fresh)).isEmpty();
    }

    // ---- messages

    @Test
    default void appendKeepsBytesFlagsAndDateAndGivesAscendingUids() {
        MailboxId inbox = inbox();
        AppendResult a = append(inbox, "first", Flags.of(SystemFlag.SEEN));
        AppendResult b = append(inbox, "second", Flags.of(Set.of(SystemFlag.FLAGGED), Set.of("$Important")));
        assertThat(b.uid()).isGreaterThan(a.uid());
        assertThat(b.modSeq()).isGreaterThan(a.modSeq());
        assertThat(a.uidValidity()).isEqualTo(store().mailbox(USER, "INBOX").orElseThrow().uidValidity());

        List<MessageRecord> list = store().messages(inbox);
        assertThat(list).extracting(MessageRecord::uid).containsExactly(a.uid(), b.uid());
        assertThat(list.get(0).flags()).isEqualTo(Flags.of(SystemFlag.SEEN));
        assertThat(list.get(1).flags().hasKeyword("$important")).isTrue();
        assertThat(list.get(0).internalDate()).isEqualTo(DATE.truncatedTo(ChronoUnit.MILLIS));
        assertThat(list.get(0).size()).isEqualTo(TestMessages.simple("first").length);
        assertThat(read(store().content(inbox, b.uid(), 0, Long.MAX_VALUE))).isEqualTo(TestMessages.simple("second"));
    }

    @Test
    default void deliveryIdsTellWhetherADeliveryHappened() {
        MailboxId inbox = inbox();
        assertThat(store().containsDelivery(inbox, "Q1A2B3.0")).isFalse();
        long uid = store().append(inbox, TestMessages.stream(TestMessages.simple("queued")), Flags.NONE, DATE,
                "Q1A2B3.0").uid();
        assertThat(store().containsDelivery(inbox, "Q1A2B3.0")).isTrue();
        assertThat(store().containsDelivery(inbox, "Q1A2B3.1")).isFalse();
        assertThat(store().containsDelivery(inbox, "Q1A2B3")).isFalse();
        // Still found after the file was renamed for new flags.
        store().setFlags(inbox, UidSet.of(uid), FlagUpdate.ADD, Flags.of(SystemFlag.SEEN));
        assertThat(store().containsDelivery(inbox, "Q1A2B3.0")).isTrue();
        assertThatThrownBy(() -> store().containsDelivery(inbox, "../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void contentRangesAreClampedToTheFile() {
        MailboxId inbox = inbox();
        long uid = append(inbox, "range", Flags.NONE).uid();
        byte[] all = TestMessages.simple("range");
        assertThat(read(store().content(inbox, uid, 6, 5))).isEqualTo(new String(all, StandardCharsets.UTF_8)
                .substring(6, 11).getBytes(StandardCharsets.UTF_8));
        assertThat(read(store().content(inbox, uid, all.length - 3, 100))).hasSize(3);
        assertThat(read(store().content(inbox, uid, all.length + 10, 100))).isEmpty();
        assertThatThrownBy(() -> store().content(inbox, 999, 0, 1))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NO_SUCH_MESSAGE));
    }

    @Test
    default void summaryIsKeptFromAppend() {
        MailboxId inbox = inbox();
        long uid = append(inbox, "Structured", Flags.NONE).uid();
        var summary = store().summary(inbox, uid);
        assertThat(summary.size()).isEqualTo(TestMessages.simple("Structured").length);
        assertThat(summary.envelope().subject()).isEqualTo("Structured");
    }

    @Test
    default void flagUpdatesChangeModSeqOnlyWhenFlagsChange() {
        MailboxId inbox = inbox();
        long uid = append(inbox, "flags", Flags.NONE).uid();
        long before = store().status(inbox).highestModSeq();

        List<MessageRecord> changed = store().setFlags(inbox, UidSet.of(uid), FlagUpdate.ADD,
                Flags.of(Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED), Set.of("$Label1")));
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).modSeq()).isGreaterThan(before);
        assertThat(store().status(inbox).highestModSeq()).isEqualTo(changed.get(0).modSeq());

        assertThat(store().setFlags(inbox, UidSet.of(uid), FlagUpdate.ADD, Flags.of(SystemFlag.SEEN))).isEmpty();

        store().setFlags(inbox, UidSet.of(uid), FlagUpdate.REMOVE, Flags.of(SystemFlag.ANSWERED));
        assertThat(store().messages(inbox).get(0).flags())
                .isEqualTo(Flags.of(Set.of(SystemFlag.SEEN), Set.of("$Label1")));
        store().setFlags(inbox, UidSet.of(uid), FlagUpdate.REPLACE, Flags.of(SystemFlag.DRAFT));
        assertThat(store().messages(inbox).get(0).flags()).isEqualTo(Flags.of(SystemFlag.DRAFT));
        // The content is still readable after the file was renamed for its flags.
        assertThat(read(store().content(inbox, uid, 0, Long.MAX_VALUE))).isEqualTo(TestMessages.simple("flags"));
    }

    @Test
    default void conditionalFlagChangeLeavesMessagesModifiedSinceAlone() {
        MailboxId inbox = inbox();
        long a = append(inbox, "a", Flags.NONE).uid();
        long b = append(inbox, "b", Flags.NONE).uid();
        long known = store().status(inbox).highestModSeq();
        store().setFlags(inbox, UidSet.of(b), FlagUpdate.ADD, Flags.of(SystemFlag.FLAGGED));

        FlagChange change = store().setFlags(inbox, UidSet.range(a, b), FlagUpdate.ADD,
                Flags.of(SystemFlag.SEEN), known);
        assertThat(change.changed()).extracting(MessageRecord::uid).containsExactly(a);
        assertThat(change.modified()).containsExactly(b);
        assertThat(store().messages(inbox).get(1).flags()).isEqualTo(Flags.of(SystemFlag.FLAGGED));
        // RFC 7162 3.1.3: UNCHANGEDSINCE 0 always fails, a message's MODSEQ being at least 1.
        assertThat(store().setFlags(inbox, UidSet.of(a), FlagUpdate.ADD, Flags.of(SystemFlag.DRAFT), 0).modified())
                .containsExactly(a);
    }

    @Test
    default void sortKeysFollowAppendsFlagChangesExpungesCopiesAndMovesWithoutReopening() {
        MailboxId inbox = inbox();
        MailboxId work = store().createMailbox(USER, "Work", Optional.empty()).id();
        long a = append(inbox, "first", Flags.of(SystemFlag.DELETED)).uid();
        long b = append(inbox, "second", Flags.NONE).uid();
        long c = append(inbox, "third", Flags.NONE).uid();
        long w = append(work, "work", Flags.NONE).uid();
        // Asked once first, so that what follows changes keys already held, not read afresh.
        assertThat(store().sortKeys(inbox, UidSet.ALL)).extracting(SortKeys::subject)
                .containsExactly("first", "second", "third");
        assertThat(store().sortKeys(work, UidSet.ALL)).extracting(SortKeys::uid).containsExactly(w);

        long d = append(inbox, "fourth", Flags.NONE).uid();
        store().setFlags(inbox, UidSet.of(b), FlagUpdate.ADD, Flags.of(SystemFlag.SEEN));
        store().expunge(inbox, UidSet.of(a));
        long moved = store().move(inbox, UidSet.of(c), work).destinationUids().get(0);
        long copied = store().copy(inbox, UidSet.of(b), work).destinationUids().get(0);

        List<SortKeys> inboxKeys = store().sortKeys(inbox, UidSet.ALL);
        assertThat(inboxKeys).extracting(SortKeys::uid).containsExactly(b, d);
        assertThat(inboxKeys).extracting(SortKeys::subject).containsExactly("second", "fourth");
        List<SortKeys> workKeys = store().sortKeys(work, UidSet.ALL);
        assertThat(workKeys).extracting(SortKeys::uid).containsExactly(w, moved, copied);
        assertThat(workKeys).extracting(SortKeys::subject).containsExactly("work", "third", "second");
        for (SortKeys k : workKeys) {
            assertThat(k).isEqualTo(SortKeys.of(k.uid(), store().summary(work, k.uid())));
        }
        assertThat(store().sortKeys(inbox, UidSet.of(b, d + 1))).extracting(SortKeys::uid).containsExactly(b);
    }

    @Test
    default void sortKeysAreTheSummarysFieldsInUidOrderWithoutExpungedMessages() {
        MailboxId inbox = inbox();
        byte[] message = ("Date: Tue, 2 Jan 2024 10:00:00 +0000\r\nFrom: \"Zed\" <zed@example.org>\r\n"
                + "To: undisclosed-recipients:;\r\nSubject: Re: hello\r\nMessage-ID: <a@x>\r\n"
                + "In-Reply-To: <p@x> <q@x>\r\nReferences: <r@x>\r\n <p@x>\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.UTF_8);
        long a = store().append(inbox, TestMessages.stream(message), Flags.NONE, DATE).uid();
        long b = append(inbox, "gone", Flags.of(SystemFlag.DELETED)).uid();
        long c = append(inbox, "third", Flags.NONE).uid();
        store().expunge(inbox, UidSet.of(b));

        List<SortKeys> keys = store().sortKeys(inbox, UidSet.range(a, c + 10));

        assertThat(keys).extracting(SortKeys::uid).containsExactly(a, c);
        SortKeys first = keys.get(0);
        assertThat(first).isEqualTo(SortKeys.of(a, store().summary(inbox, a)));
        assertThat(first.sentDate()).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
        assertThat(first.subject()).isEqualTo("Re: hello");
        assertThat(first.fromMailbox()).isEqualTo("zed");
        assertThat(first.toMailbox()).isEqualTo("undisclosed-recipients");
        assertThat(first.ccMailbox()).isNull();
        assertThat(first.messageId()).isEqualTo("<a@x>");
        assertThat(first.inReplyTo()).containsExactly("<p@x>", "<q@x>");
        assertThat(first.references()).containsExactly("<r@x>", "<p@x>");
        assertThat(keys.get(1).subject()).isEqualTo("third");
    }

    @Test
    default void changedSinceListsOnlyTheMessagesChangedAfterAModSeq() {
        MailboxId inbox = inbox();
        long a = append(inbox, "a", Flags.NONE).uid();
        long b = append(inbox, "b", Flags.NONE).uid();
        long c = append(inbox, "c", Flags.NONE).uid();
        long known = store().status(inbox).highestModSeq();
        List<MessageRecord> changed = store().setFlags(inbox, UidSet.of(b, c), FlagUpdate.ADD, Flags.of(SystemFlag.FLAGGED));

        assertThat(store().changedSince(inbox, UidSet.ALL, known)).isEqualTo(changed);
        assertThat(store().changedSince(inbox, UidSet.of(a, b), known)).extracting(MessageRecord::uid).containsExactly(b);
        assertThat(store().changedSince(inbox, UidSet.ALL, store().status(inbox).highestModSeq())).isEmpty();
        assertThat(store().changedSince(inbox, UidSet.ALL, 0)).isEqualTo(store().messages(inbox));
        assertThat(store().changedSince(inbox, UidSet.ALL, 0)).extracting(MessageRecord::uid).containsExactly(a, b, c);
    }

    @Test
    default void statusIsTheSameWhetherTheListingIsInMemoryOrNot() {
        MailboxId inbox = inbox();
        append(inbox, "s1", Flags.of(SystemFlag.SEEN));
        long b = append(inbox, "s2", Flags.of(SystemFlag.DELETED)).uid();
        append(inbox, "s3", Flags.NONE);
        MailboxStatus counted = store().status(inbox);
        store().messages(inbox); // a session selects it: the listing is now in memory
        assertThat(store().status(inbox)).isEqualTo(counted);

        store().expunge(inbox, UidSet.of(b));
        store().setFlags(inbox, UidSet.ALL, FlagUpdate.ADD, Flags.of(SystemFlag.SEEN));
        MailboxStatus after = store().status(inbox);
        assertThat(after.messages()).isEqualTo(2);
        assertThat(after.unseen()).isZero();
        assertThat(after.totalSize()).isEqualTo(TestMessages.simple("s1").length + TestMessages.simple("s3").length);
        assertThat(after.highestModSeq()).isGreaterThan(counted.highestModSeq());
    }

    @Test
    default void expungesAreRememberedWithTheirModSeq() {
        MailboxId inbox = inbox();
        long a = append(inbox, "a", Flags.of(SystemFlag.DELETED)).uid();
        long b = append(inbox, "b", Flags.of(SystemFlag.DELETED)).uid();
        long c = append(inbox, "c", Flags.NONE).uid();
        long beforeFirst = store().status(inbox).highestModSeq();
        store().expunge(inbox, UidSet.of(a));
        long betweenExpunges = store().status(inbox).highestModSeq();
        store().expunge(inbox, UidSet.of(b));

        assertThat(store().expungedSince(inbox, beforeFirst)).isEqualTo(new ExpungedUids(List.of(a, b), true));
        assertThat(store().expungedSince(inbox, betweenExpunges)).isEqualTo(new ExpungedUids(List.of(b), true));
        assertThat(store().expungedSince(inbox, store().status(inbox).highestModSeq()).uids()).isEmpty();
        // A new mailbox remembers from its first MODSEQ: nothing before it is unknown.
        assertThat(store().expungedSince(inbox, 0).complete()).isTrue();
        assertThat(store().messages(inbox)).extracting(MessageRecord::uid).containsExactly(c);
    }

    @Test
    default void expungeRemovesOnlyDeletedMessagesAndUidsAreNotReused() {
        MailboxId inbox = inbox();
        long a = append(inbox, "a", Flags.NONE).uid();
        long b = append(inbox, "b", Flags.of(SystemFlag.DELETED)).uid();
        long c = append(inbox, "c", Flags.of(SystemFlag.DELETED)).uid();

        assertThat(store().expunge(inbox, UidSet.range(1, b))).containsExactly(b);
        assertThat(store().expunge(inbox, UidSet.ALL)).containsExactly(c);
        assertThat(store().messages(inbox)).extracting(MessageRecord::uid).containsExactly(a);

        long d = append(inbox, "d", Flags.NONE).uid();
        assertThat(d).isGreaterThan(c);
        assertThat(store().remove(inbox, UidSet.of(a))).containsExactly(a);
        assertThat(store().messages(inbox)).extracting(MessageRecord::uid).containsExactly(d);
    }

    @Test
    default void statusCountsMessagesUnseenAndSize() {
        MailboxId inbox = inbox();
        append(inbox, "s1", Flags.of(SystemFlag.SEEN));
        append(inbox, "s2", Flags.NONE);
        MailboxStatus status = store().status(inbox);
        assertThat(status.messages()).isEqualTo(2);
        assertThat(status.unseen()).isEqualTo(1);
        assertThat(status.uidNext()).isGreaterThan(2);
        assertThat(status.totalSize()).isEqualTo(TestMessages.simple("s1").length + TestMessages.simple("s2").length);
    }

    @Test
    default void copyKeepsFlagsDatesAndBytesAndMapsUids() {
        MailboxId inbox = inbox();
        MailboxId archive = store().mailbox(USER, "Archive").orElseThrow().id();
        long a = append(inbox, "c1", Flags.of(SystemFlag.FLAGGED)).uid();
        long b = append(inbox, "c2", Flags.NONE).uid();

        UidMapping mapping = store().copy(inbox, UidSet.of(a, b, 999), archive);

        assertThat(mapping.sourceUids()).containsExactly(a, b);
        assertThat(mapping.destinationUids()).hasSize(2);
        assertThat(mapping.destinationUidValidity()).isEqualTo(store().mailbox(USER, "Archive").orElseThrow().uidValidity());
        assertThat(store().messages(inbox)).hasSize(2);
        List<MessageRecord> copies = store().messages(archive);
        assertThat(copies.get(0).flags()).isEqualTo(Flags.of(SystemFlag.FLAGGED));
        assertThat(copies.get(0).internalDate()).isEqualTo(DATE.truncatedTo(ChronoUnit.MILLIS));
        assertThat(read(store().content(archive, mapping.destinationUids().get(1), 0, Long.MAX_VALUE)))
                .isEqualTo(TestMessages.simple("c2"));
        // A copy is a message of its own: changing it leaves the original alone.
        store().setFlags(archive, UidSet.of(mapping.destinationUids().get(0)), FlagUpdate.ADD, Flags.of(SystemFlag.SEEN));
        assertThat(store().messages(inbox).get(0).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    default void moveRemovesFromSource() {
        MailboxId inbox = inbox();
        MailboxId trash = store().mailbox(USER, "Trash").orElseThrow().id();
        long a = append(inbox, "m1", Flags.NONE).uid();
        long b = append(inbox, "m2", Flags.NONE).uid();
        UidMapping mapping = store().move(inbox, UidSet.of(a), trash);
        assertThat(mapping.sourceUids()).containsExactly(a);
        assertThat(store().messages(inbox)).extracting(MessageRecord::uid).containsExactly(b);
        assertThat(read(store().content(trash, mapping.destinationUids().get(0), 0, Long.MAX_VALUE)))
                .isEqualTo(TestMessages.simple("m1"));
    }

    // ---- events

    @Test
    default void watchersSeeAppendsFlagChangesExpungesAndRenames() {
        MailboxId inbox = inbox();
        MailboxInfo work = store().createMailbox(USER, "Work", Optional.empty());
        List<MailboxEvent> seen = Collections.synchronizedList(new ArrayList<>());
        try (MailStore.Registration r1 = store().watch(inbox, seen::add);
             MailStore.Registration r2 = store().watch(work.id(), seen::add)) {
            long uid = append(inbox, "e", Flags.NONE).uid();
            store().setFlags(inbox, UidSet.of(uid), FlagUpdate.ADD, Flags.of(SystemFlag.DELETED));
            store().expunge(inbox, UidSet.ALL);
            store().renameMailbox(USER, "Work", "Play");
        }
        append(inbox, "after close", Flags.NONE);
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isInstanceOfSatisfying(MailboxEvent.Appended.class,
                e -> assertThat(e.messages()).hasSize(1));
        assertThat(seen.get(1)).isInstanceOfSatisfying(MailboxEvent.FlagsChanged.class,
                e -> assertThat(e.messages().get(0).flags().has(SystemFlag.DELETED)).isTrue());
        assertThat(seen.get(2)).isInstanceOfSatisfying(MailboxEvent.Expunged.class,
                e -> assertThat(e.uids()).hasSize(1));
        assertThat(seen.get(3)).isEqualTo(new MailboxEvent.Renamed(work.id(), "Work", "Play"));
    }

    @Test
    default void aUserWatcherSeesEveryMailboxOfTheUserItsNamesAndItsSubscriptions() {
        MailboxId inbox = inbox();
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        UserListener listener = new UserListener() {
            @Override
            public void onEvent(MailboxEvent event) {
                seen.add(event);
            }

            @Override
            public void onSubscriptionChange(String name, boolean subscribed) {
                seen.add((subscribed ? "+" : "-") + name);
            }
        };
        MailboxInfo work;
        try (MailStore.Registration r = store().watchUser(USER, listener)) {
            work = store().createMailbox(USER, "Work", Optional.empty());
            long uid = append(work.id(), "w", Flags.NONE).uid();
            store().setFlags(work.id(), UidSet.of(uid), FlagUpdate.ADD, Flags.of(SystemFlag.DELETED));
            store().expunge(work.id(), UidSet.ALL);
            store().subscribe(USER, "Work");
            store().subscribe(USER, "Work"); // no change, no event
            store().renameMailbox(USER, "Work", "Play");
            store().unsubscribe(USER, "Work");
            store().deleteMailbox(USER, "Play");
            store().createAccount("someone-else@example.org"); // another user's changes stay theirs
        }
        append(inbox, "after close", Flags.NONE);
        assertThat(seen).hasSize(8);
        assertThat(seen.get(0)).isEqualTo(new MailboxEvent.Created(work.id(), "Work"));
        assertThat(seen.get(1)).isInstanceOf(MailboxEvent.Appended.class);
        assertThat(seen.get(2)).isInstanceOf(MailboxEvent.FlagsChanged.class);
        assertThat(seen.get(3)).isInstanceOf(MailboxEvent.Expunged.class);
        assertThat(seen.get(4)).isEqualTo("+Work");
        assertThat(seen.get(5)).isEqualTo(new MailboxEvent.Renamed(work.id(), "Work", "Play"));
        assertThat(seen.get(6)).isEqualTo("-Work");
        assertThat(seen.get(7)).isEqualTo(new MailboxEvent.Deleted(work.id()));
    }

    @Test
    default void creatingANestedMailboxAnnouncesEveryMissingParent() {
        List<MailboxEvent> seen = Collections.synchronizedList(new ArrayList<>());
        try (MailStore.Registration r = store().watchUser(USER, new UserListener() {
            @Override
            public void onEvent(MailboxEvent event) {
                seen.add(event);
            }

            @Override
            public void onSubscriptionChange(String name, boolean subscribed) {
            }
        })) {
            store().createMailbox(USER, "A/B/C", Optional.empty());
        }
        assertThat(seen).extracting(e -> ((MailboxEvent.Created) e).name()).containsExactly("A", "A/B", "A/B/C");
    }

    // ---- concurrency

    @Test
    default void concurrentAppendsGetDistinctUidsPublishedInAscendingOrder() throws Exception {
        MailboxId inbox = inbox();
        List<Long> published = Collections.synchronizedList(new ArrayList<>());
        int threads = 8;
        int each = 25;
        try (MailStore.Registration r = store().watch(inbox, e -> {
            if (e instanceof MailboxEvent.Appended a) {
                a.messages().forEach(m -> published.add(m.uid()));
            }
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        append(inbox, "t" + thread + "-" + i, Flags.NONE);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        List<MessageRecord> all = store().messages(inbox);
        assertThat(all).hasSize(threads * each);
        assertThat(all).extracting(MessageRecord::uid).doesNotHaveDuplicates().isSorted();
        assertThat(published).hasSize(threads * each).isSorted();
    }
}
