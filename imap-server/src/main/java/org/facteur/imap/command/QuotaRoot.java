package org.facteur.imap.command;

import org.facteur.imap.session.ImapSession;
import org.facteur.mailbox.MailboxId;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.quota.StorageQuota;

/**
 * The one quota root of a user (RFC 9208 3): every mailbox of the user is under it. Named
 * {@code "User quota"} as Dovecot names its per-user root, so clients show what they show for
 * Dovecot. It exists only when a limit is set ({@code quota.storage}).
 */
final class QuotaRoot {

    static final String NAME = "User quota";
    private static final long KIB = 1024;

    private QuotaRoot() {
    }

    /** Whether the session's user has a quota root at all. */
    static boolean exists(ImapSession session) {
        return session.resources().quota().limit(session.user()) > 0;
    }

    /**
     * {@code * QUOTA "User quota" (STORAGE used limit)} (RFC 9208 4.3.2), in units of 1024 octets
     * (RFC 9208 5.1): usage rounded up and the limit down, so the figures never show room that is not there.
     */
    static void writeQuota(ImapSession session) {
        StorageQuota quota = session.resources().quota();
        long used = quota.used(session.user());
        long limit = quota.limit(session.user());
        session.writer().raw("* QUOTA ").string(NAME).raw(" (STORAGE ").number((used + KIB - 1) / KIB)
                .raw(" ").number(limit / KIB).raw(")\r\n");
    }

    /**
     * NO [OVERQUOTA] (RFC 9208 7.1) if storing {@code bytes} more would take the user past the
     * limit, else null: APPEND and COPY call it before they store anything.
     */
    static Reply refusal(ImapSession session, long bytes) {
        if (session.resources().quota().allows(session.user(), bytes)) {
            return null;
        }
        return Reply.no("[OVERQUOTA] the storage quota would be exceeded");
    }

    /** {@link #refusal} for copying the messages of {@code uids}: their sizes are summed only under a limit. */
    static Reply refusalToCopy(ImapSession session, MailboxId from, UidSet uids) {
        if (!exists(session)) {
            return null;
        }
        return refusal(session, session.store().messages(from, uids).stream().mapToLong(MessageRecord::size).sum());
    }
}
