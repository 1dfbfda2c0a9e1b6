package org.facteur.mailbox.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SortKeys;

/**
 * {@link SortKeys} as the {@code sort_keys} row (schema-4.sql): its key, and its value packed by
 * {@link SortKeyBytes} after cutting what is too long, so that no message, however odd its
 * header, fails to be stored and a row stays below its column's 1,000,000 bytes: a msg-id to
 * {@link #SHORT} characters wherever it appears (so equal ids stay equal), a list of msg-ids by
 * whole ids to {@link #LONG} characters counting one separator each (References keeps its last
 * ones, the nearest ancestors; In-Reply-To its first, the one THREAD reads), the rest to its
 * length. At 3 UTF-8 bytes a character at most, that is below 920,000 bytes.
 */
public final class SortKeyColumns {

    private static final int SHORT = 1000;
    private static final int LONG = 100_000;

    /** The highest UID (RFC 3501 2.3.1.1: a 32-bit number). */
    static final long MAX_UID = 0xFFFF_FFFFL;

    private SortKeyColumns() {
    }

    /** The row's primary key: the mailbox's rows are then one range, stored in UID order (schema-3.sql). */
    static long key(MailboxId mailbox, long uid) {
        return (mailbox.value() << 32) + Math.min(uid, MAX_UID);
    }

    /** The UID of a row's key. */
    static long uid(long key) {
        return key & MAX_UID;
    }

    /** The value stored, and held in memory, for these keys. */
    public static byte[] pack(SortKeys k) {
        return SortKeyBytes.encode(new SortKeys(k.uid(), k.sentDate(), cut(k.subject(), LONG),
                cut(k.fromMailbox(), SHORT), cut(k.toMailbox(), SHORT), cut(k.ccMailbox(), SHORT),
                cut(k.messageId(), SHORT), keepFirst(k.inReplyTo()), keepLast(k.references()),
                cut(k.fromDisplay(), SHORT), cut(k.toDisplay(), SHORT)));
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static List<String> keepFirst(List<String> ids) {
        List<String> kept = new ArrayList<>();
        int length = 0;
        for (String id : ids) {
            String one = cut(id, SHORT);
            if (length + one.length() + 1 > LONG) {
                break;
            }
            kept.add(one);
            length += one.length() + 1;
        }
        return kept;
    }

    private static List<String> keepLast(List<String> ids) {
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        List<String> kept = keepFirst(reversed);
        Collections.reverse(kept);
        return kept;
    }
}
