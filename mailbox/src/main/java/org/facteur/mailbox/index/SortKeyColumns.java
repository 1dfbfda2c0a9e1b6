package org.facteur.mailbox.index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.SortKeys;

/**
 * {@link SortKeys} as the columns of the {@code sort_keys} table (schema-3.sql) and back. Values
 * longer than their column are cut so that no message, however odd its header, fails to be
 * stored: a msg-id to {@link #SHORT} characters wherever it appears (so equal ids stay equal), a
 * list of msg-ids by whole ids (References keeps its last ones, the nearest ancestors; In-Reply-To
 * its first, the one THREAD reads), the rest to its length.
 */
final class SortKeyColumns {

    static final String NAMES = "uid, sent_date, subject, from_mailbox, to_mailbox, cc_mailbox, message_id, "
            + "in_reply_to, refs";
    static final int COUNT = 9;

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

    /** Sets the columns of {@link #NAMES} from parameter {@code first} on. */
    static void bind(PreparedStatement p, int first, SortKeys k) throws SQLException {
        p.setLong(first, k.uid());
        if (k.sentDate() == null) {
            p.setNull(first + 1, Types.BIGINT);
        } else {
            p.setLong(first + 1, k.sentDate().toEpochMilli());
        }
        p.setString(first + 2, cut(k.subject(), LONG));
        p.setString(first + 3, cut(k.fromMailbox(), SHORT));
        p.setString(first + 4, cut(k.toMailbox(), SHORT));
        p.setString(first + 5, cut(k.ccMailbox(), SHORT));
        p.setString(first + 6, cut(k.messageId(), SHORT));
        p.setString(first + 7, joinFirst(k.inReplyTo()));
        p.setString(first + 8, joinLast(k.references()));
    }

    /** Reads the columns of {@link #NAMES} from column {@code first} on. */
    static SortKeys read(ResultSet r, int first) throws SQLException {
        long date = r.getLong(first + 1);
        Instant sentDate = r.wasNull() ? null : Instant.ofEpochMilli(date);
        return new SortKeys(r.getLong(first), sentDate, r.getString(first + 2), r.getString(first + 3),
                r.getString(first + 4), r.getString(first + 5), r.getString(first + 6),
                split(r.getString(first + 7)), split(r.getString(first + 8)));
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String joinFirst(List<String> ids) {
        StringBuilder out = new StringBuilder();
        for (String id : ids) {
            String one = cut(id, SHORT);
            if (out.length() + 1 + one.length() > LONG) {
                break;
            }
            out.append(out.length() == 0 ? "" : " ").append(one);
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String joinLast(List<String> ids) {
        Deque<String> kept = new ArrayDeque<>();
        int length = 0;
        for (int i = ids.size() - 1; i >= 0; i--) {
            String one = cut(ids.get(i), SHORT);
            if (length + 1 + one.length() > LONG) {
                break;
            }
            kept.addFirst(one);
            length += 1 + one.length();
        }
        return kept.isEmpty() ? null : String.join(" ", kept);
    }

    private static List<String> split(String joined) {
        return joined == null ? List.of() : Arrays.asList(joined.split(" "));
    }
}
