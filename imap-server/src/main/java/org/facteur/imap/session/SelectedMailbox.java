package org.facteur.imap.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.facteur.imap.context.UpdateContexts;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.protocol.SequenceSet;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxEvent;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MailboxListener;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.UidSet;

/**
 * A session's view of its selected mailbox: sequence numbers to UIDs as this client knows them,
 * which messages are {@code \Recent} to it, and the changes other sessions made that it has not
 * been told of yet. Changes arrive from the store on any thread ({@link #onEvent}); they reach
 * the client only through {@link #sendUpdates}, at the moments the session allows (RFC 3501
 * 7.4.1: no EXPUNGE during FETCH, STORE or SEARCH, so sequence numbers cannot shift under a
 * client's feet). Everything but {@link #onEvent} runs on the session's serial executor.
 */
public final class SelectedMailbox implements MailboxListener {

    static final int MAX_EVENTS = 10_000;
    static final long MAX_EVENT_BYTES = 32L * 1024 * 1024;

    private final MailboxId id;
    private final boolean readOnly;
    private final long uidValidity;
    private final RecentTracker recentTracker;
    private final Runnable wakeUp;
    private final EnabledExtensions enabled;
    /**
     * Changes waiting for a client that does not read them, like ones in a row folded into one
     * ({@link PendingChange}), at most {@value #MAX_EVENTS} or about {@value #MAX_EVENT_BYTES}
     * bytes of them; past that the session ends with BYE (see {@link #overflowed}) rather than
     * hold them all.
     */
    private final UpdateBacklog<PendingChange> events =
            new UpdateBacklog<>(MAX_EVENTS, MAX_EVENT_BYTES, PendingChange::fold);
    private final TreeSet<Long> deferredExpunges = new TreeSet<>();
    /** MODSEQ of flag changes this session made and already reported, so the echo is not sent twice. */
    private final Map<Long, Long> ownChanges = new HashMap<>();
    /**
     * MODSEQ of the state of each message a response of the current command showed. The store
     * publishes a change before anyone can read it, so an event still queued with a MODSEQ at or
     * below it is older than what the client saw and must not be sent after it (RFC 7162: MODSEQ
     * never goes back). Emptied once the queue is drained.
     */
    private final Map<Long, Long> shown = new HashMap<>();
    private final TreeSet<Long> recent = new TreeSet<>();
    /** The keywords this client was told of in FLAGS (RFC 3501 7.2.6); keywords are case-insensitive. */
    private final TreeSet<String> knownKeywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    /**
     * The UIDs the last {@code SEARCH RETURN (SAVE)} kept (RFC 5182), {@code $} in later commands.
     * UIDs rather than sequence numbers: an expunged message thus drops out by itself (RFC 5182
     * 2.1), since UIDs are never reused. A new selection starts with an empty one.
     */
    private UidSet savedResult = UidSet.of();
    /** RFC 5267 4.3: results kept up to date in the client; they end with this view. */
    private final UpdateContexts contexts = new UpdateContexts();
    private long[] uids = new long[16];
    private int size;
    private int reportedExists;
    private int reportedRecent;
    private volatile boolean deleted;
    private MailStore.Registration registration;

    SelectedMailbox(MailboxId id, boolean readOnly, long uidValidity, RecentTracker recentTracker, Runnable wakeUp,
                    EnabledExtensions enabled) {
        this.id = id;
        this.enabled = enabled;
        this.readOnly = readOnly;
        this.uidValidity = uidValidity;
        this.recentTracker = recentTracker;
        this.wakeUp = wakeUp;
    }

    /** Watches the mailbox, then lists it: a change between the two is seen twice, never missed. */
    static SelectedMailbox open(MailStore store, MailboxId id, boolean readOnly, long uidValidity,
                                RecentTracker recentTracker, Runnable wakeUp, EnabledExtensions enabled) {
        SelectedMailbox view = new SelectedMailbox(id, readOnly, uidValidity, recentTracker, wakeUp, enabled);
        view.registration = store.watch(id, view);
        List<MessageRecord> messages;
        try {
            messages = store.messages(id);
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
        for (MessageRecord m : messages) {
            view.add(m.uid());
            view.knownKeywords.addAll(m.flags().keywords());
        }
        long highest = view.size == 0 ? 0 : view.uids[view.size - 1];
        // RFC 9051 has no \Recent: a rev2 session neither sees nor claims it, so rev1 sessions still do.
        long firstRecent = enabled.imap4rev2() ? Long.MAX_VALUE
                : readOnly ? recentTracker.firstUnclaimed(id) : recentTracker.claim(id, highest);
        for (int i = 0; i < view.size; i++) {
            if (view.uids[i] >= firstRecent) {
                view.recent.add(view.uids[i]);
            }
        }
        view.reportedExists = view.size;
        view.reportedRecent = view.recent.size();
        view.firstUnseen = firstUnseen(messages);
        return view;
    }

    private long firstUnseen;

    private static long firstUnseen(List<MessageRecord> messages) {
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).flags().has(SystemFlag.SEEN)) {
                return i + 1;
            }
        }
        return 0;
    }

    @Override
    public void onEvent(MailboxEvent event) {
        if (event instanceof MailboxEvent.Deleted) {
            deleted = true;
        }
        events.offer(new PendingChange(event), EventSize.of(event));
        contexts.changed();
        wakeUp.run();
    }

    public UpdateContexts contexts() {
        return contexts;
    }

    public MailboxId id() {
        return id;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public int exists() {
        return size;
    }

    public int recentCount() {
        return recent.size();
    }

    /** The sequence number of the first message without {@code \Seen} at SELECT, 0 if none. */
    public long firstUnseenAtOpen() {
        return firstUnseen;
    }

    public boolean deleted() {
        return deleted;
    }

    /**
     * More changes waited than this view keeps for a client that does not read: they are gone,
     * so the view can no longer be brought up to date and the session must end (RFC 3501 7.1.5
     * BYE), the client to select again when it reconnects.
     */
    public boolean overflowed() {
        return events.overflowed();
    }

    public boolean isRecent(long uid) {
        return recent.contains(uid);
    }

    public long highestUid() {
        return size == 0 ? 0 : uids[size - 1];
    }

    public long uid(long sequenceNumber) {
        return uids[(int) sequenceNumber - 1];
    }

    /** The sequence number of a UID in this view, or 0. */
    public long sequenceNumber(long uid) {
        int i = java.util.Arrays.binarySearch(uids, 0, size, uid);
        return i < 0 ? 0 : i + 1;
    }

    /**
     * The UIDs of a set of sequence numbers (RFC 3501 9: "*" the last message); a number beyond
     * the mailbox is an error (RFC 3501 6.4.8 leaves it to the server: we answer BAD as Dovecot does).
     */
    public UidSet uidsOfSequence(SequenceSet set) {
        if (set.isSavedResult()) {
            return restrict(savedResult);
        }
        if (size == 0 && set.toString().contains("*")) {
            // "1:*" in an empty mailbox names nothing rather than a message beyond the end.
            return UidSet.of();
        }
        UidSet numbers = set.resolve(size);
        List<UidSet.Range> ranges = new ArrayList<>();
        for (UidSet.Range r : numbers.ranges()) {
            if (r.last() > size) {
                throw new BadCommandException("no message with sequence number " + r.last()
                        + " (the mailbox has " + size + ")");
            }
            long start = uids[(int) r.first() - 1];
            long previous = start;
            for (long seq = r.first() + 1; seq <= r.last(); seq++) {
                long uid = uids[(int) seq - 1];
                if (uid != previous + 1) {
                    ranges.add(new UidSet.Range(start, previous));
                    start = uid;
                }
                previous = uid;
            }
            ranges.add(new UidSet.Range(start, previous));
        }
        return UidSet.ofRanges(ranges);
    }

    /** The UIDs a UID command names, "*" the highest UID in this view (RFC 3501 6.4.8), "$" the saved result. */
    public UidSet uidsOfUidSet(SequenceSet set) {
        return set.isSavedResult() ? restrict(savedResult) : set.resolve(highestUid());
    }

    /** The saved search result, {@code $} (RFC 5182): UIDs, some of which may be expunged since. */
    public UidSet savedResult() {
        return savedResult;
    }

    /** RFC 5182 2.1: replaces the saved search result (an empty set after a failed SEARCH ... SAVE). */
    public void saveResult(UidSet uids) {
        savedResult = uids;
    }

    /**
     * The part of {@code set} this view holds. Every stored UID up to {@link #highestUid()} is in
     * the view (newer ones are announced later, expunged ones are gone from the store), so each
     * range shrinks to the view's first and last UID inside it.
     */
    public UidSet restrict(UidSet set) {
        List<UidSet.Range> ranges = new ArrayList<>();
        for (UidSet.Range r : set.ranges()) {
            int lo = lowerBound(r.first());
            int hi = lowerBound(r.last() + 1) - 1;
            if (lo <= hi) {
                ranges.add(new UidSet.Range(uids[lo], uids[hi]));
            }
        }
        return UidSet.ofRanges(ranges);
    }

    /** The index of the first UID not below {@code uid}. */
    private int lowerBound(long uid) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (uids[mid] < uid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Keeps the messages of this view, in UID order (the store may know newer ones). */
    public List<MessageRecord> inView(List<MessageRecord> records) {
        List<MessageRecord> kept = new ArrayList<>(records.size());
        for (MessageRecord r : records) {
            if (sequenceNumber(r.uid()) > 0) {
                kept.add(r);
            }
        }
        return kept;
    }

    /** A response showed this state of a message (see {@link #shown}). */
    public void shown(MessageRecord m) {
        shown.merge(m.uid(), m.modSeq(), Math::max);
    }

    /** Records flag changes this session made itself (and reports), so that their events are not sent again. */
    public void ownFlagChanges(List<MessageRecord> changed) {
        for (MessageRecord r : changed) {
            ownChanges.put(r.uid(), r.modSeq());
        }
    }

    /**
     * Removes expunged messages from the view, writing their EXPUNGE responses, or one VANISHED
     * once QRESYNC is enabled (RFC 7162 3.2.10.2). The UIDs come ascending from the store; then
     * each one's sequence number is its index less the ones already gone, and the view is
     * compacted once at the end rather than shifted per message (an EXPUNGE of 50,000 messages
     * would otherwise move the whole array 50,000 times).
     */
    public void expunged(ImapWriter out, List<Long> expungedUids) {
        if (!ascending(expungedUids)) {
            expungedUids = new ArrayList<>(new TreeSet<>(expungedUids));
        }
        boolean qresync = enabled.qresync();
        int[] indexes = new int[expungedUids.size()];
        List<Long> removed = new ArrayList<>(expungedUids.size());
        for (long uid : expungedUids) {
            int index = java.util.Arrays.binarySearch(uids, 0, size, uid);
            if (index >= 0) {
                indexes[removed.size()] = index;
                removed.add(uid);
            }
        }
        if (qresync) {
            // One VANISHED after them all: every REMOVEFROM uses the numbers from before it.
            for (int i = 0; i < removed.size(); i++) {
                contexts.beforeExpunge(out, removed.get(i), indexes[i] + 1);
            }
        }
        for (int i = 0; i < removed.size(); i++) {
            long seq = indexes[i] + 1 - i; // the earlier ones, all below it, are gone
            if (!qresync) {
                contexts.beforeExpunge(out, removed.get(i), seq); // RFC 5267 4.3.4: before the EXPUNGE
                out.raw("* ").number(seq).raw(" EXPUNGE\r\n");
            }
            forget(removed.get(i));
        }
        compact(indexes, removed.size());
        if (qresync && !removed.isEmpty()) {
            out.raw("* VANISHED ").raw(UidLists.format(removed)).raw("\r\n");
        }
    }

    private static boolean ascending(List<Long> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i - 1) >= list.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The UIDs of this view, ascending. */
    public long[] uids() {
        return java.util.Arrays.copyOf(uids, size);
    }

    /**
     * An untagged FETCH telling a flag change (RFC 3501 7.4.2): FLAGS, then UID when asked or once
     * CONDSTORE is enabled, and MODSEQ once it is (RFC 7162 3.1, 3.2.4).
     */
    public void writeFlagsFetch(ImapWriter out, MessageRecord m, boolean withFlags, boolean withUid) {
        shown(m);
        out.raw("* ").number(sequenceNumber(m.uid())).raw(" FETCH (");
        String separator = "";
        if (withFlags) {
            out.raw("FLAGS ");
            writeFlags(out, m.flags(), isRecent(m.uid()));
            separator = " ";
        }
        if (withUid || enabled.condstore()) {
            out.raw(separator).raw("UID ").number(m.uid());
            separator = " ";
        }
        if (enabled.condstore()) {
            out.raw(separator).raw("MODSEQ (").number(m.modSeq()).raw(")");
        }
        out.raw(")\r\n");
    }

    /** The system flags every mailbox has (RFC 3501 2.3.2). */
    private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    /**
     * FLAGS and PERMANENTFLAGS with the keywords known so far (RFC 3501 7.2.6, 7.1): at SELECT and
     * whenever a keyword new to this client appears.
     */
    public void writeFlagList(ImapWriter out) {
        StringBuilder flags = new StringBuilder(SYSTEM_FLAGS);
        for (String k : knownKeywords) {
            flags.append(' ').append(k);
        }
        out.raw("* FLAGS (" + flags + ")\r\n");
        out.raw("* OK [PERMANENTFLAGS (" + (readOnly ? "" : flags + " \\*") + ")] flags permitted\r\n");
    }

    /**
     * Before any response that shows {@code flags}: a keyword this client has not been told of
     * yet (set by this or another session) is first announced in an untagged FLAGS (RFC 3501
     * 7.2.6), so a FETCH never shows a keyword missing from FLAGS.
     */
    public void announceKeywords(ImapWriter out, Flags flags) {
        boolean added = false;
        for (String k : flags.keywords()) {
            added |= knownKeywords.add(k);
        }
        if (added) {
            writeFlagList(out);
        }
    }

    /**
     * Writes the untagged responses for what changed since the last call: EXPUNGE (only if
     * {@code expungeAllowed}), EXISTS and RECENT, FETCH FLAGS.
     */
    public void sendUpdates(ImapWriter out, boolean expungeAllowed) {
        if (expungeAllowed && !deferredExpunges.isEmpty()) {
            expunged(out, new ArrayList<>(deferredExpunges));
            deferredExpunges.clear();
        }
        PendingChange pending;
        while ((pending = events.poll()) != null) {
            MailboxEvent event = pending.event();
            if (event instanceof MailboxEvent.Appended appended) {
                for (MessageRecord m : appended.messages()) {
                    if (m.uid() > highestUid()) {
                        announceKeywords(out, m.flags());
                        add(m.uid());
                        if (!readOnly && !enabled.imap4rev2() && recentTracker.claim(id, m.uid()) <= m.uid()) {
                            recent.add(m.uid());
                        }
                    }
                }
            } else if (event instanceof MailboxEvent.Expunged expunged) {
                writeExistsIfGrown(out);
                for (long uid : expunged.uids()) {
                    if (sequenceNumber(uid) > 0) {
                        deferredExpunges.add(uid);
                    }
                }
                if (expungeAllowed) {
                    expunged(out, new ArrayList<>(deferredExpunges));
                    deferredExpunges.clear();
                }
            } else if (event instanceof MailboxEvent.FlagsChanged changed) {
                writeExistsIfGrown(out);
                for (MessageRecord m : changed.messages()) {
                    Long own = ownChanges.remove(m.uid());
                    Long seen = shown.get(m.uid());
                    long seq = sequenceNumber(m.uid());
                    if (seq > 0 && (own == null || own < m.modSeq()) && (seen == null || seen < m.modSeq())
                            && !deferredExpunges.contains(m.uid())) {
                        announceKeywords(out, m.flags());
                        writeFlagsFetch(out, m, true, true);
                    }
                }
            }
        }
        writeExistsIfGrown(out);
        contexts.refresh(out, this::sequenceNumber); // RFC 5267 4.3.3: ADDTO after EXISTS
        shown.clear();
    }

    private void writeExistsIfGrown(ImapWriter out) {
        if (size != reportedExists) {
            out.raw("* ").number(size).raw(" EXISTS\r\n");
            reportedExists = size;
        }
        if (recent.size() != reportedRecent) {
            // RFC 3501 7.3.2; never above EXISTS since recent messages are a subset of the view.
            out.raw("* ").number(recent.size()).raw(" RECENT\r\n");
            reportedRecent = recent.size();
        }
    }

    /** A FLAGS list (RFC 3501 7.4.2), with {@code \Recent} when this session sees it so. */
    public static void writeFlags(ImapWriter out, Flags flags, boolean recent) {
        StringBuilder b = new StringBuilder("(");
        for (SystemFlag f : flags.systemFlags()) {
            b.append(b.length() > 1 ? " " : "").append(f.imapName());
        }
        if (recent) {
            b.append(b.length() > 1 ? " " : "").append("\\Recent");
        }
        for (String k : flags.keywords()) {
            b.append(b.length() > 1 ? " " : "").append(k);
        }
        out.raw(b.append(')').toString());
    }

    private void add(long uid) {
        if (size == uids.length) {
            uids = java.util.Arrays.copyOf(uids, size * 2);
        }
        uids[size++] = uid;
    }

    /** Drops what this view keeps of an expunged message but its place in {@link #uids}. */
    private void forget(long uid) {
        reportedExists--;
        if (recent.remove(uid)) {
            reportedRecent--;
        }
        ownChanges.remove(uid);
        shown.remove(uid);
    }

    /** Removes the UIDs at {@code count} ascending {@code indexes} in one pass. */
    private void compact(int[] indexes, int count) {
        if (count == 0) {
            return;
        }
        int kept = indexes[0];
        int next = 0;
        for (int i = indexes[0]; i < size; i++) {
            if (next < count && indexes[next] == i) {
                next++;
            } else {
                uids[kept++] = uids[i];
            }
        }
        size = kept;
    }

    void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }
}
