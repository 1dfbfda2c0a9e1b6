package org.facteur.mailbox;

/**
 * A store operation failed. The message is one sentence fit for a protocol reply or the admin
 * CLI; {@link #isTemporary()} says whether retrying later can succeed (a full disk) or not (an
 * unknown mailbox), so SMTP can pick 4xx or 5xx and IMAP NO [SERVERBUG] or NO [NONEXISTENT].
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the operation failed, in terms a protocol layer can map to its own codes. */
    public enum Reason {
        NO_SUCH_MAILBOX,
        NO_SUCH_MESSAGE,
        MAILBOX_EXISTS,
        INVALID_NAME,
        NOT_ALLOWED,
        DISK_FULL,
        IO_ERROR
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean isTemporary() {
        return reason == Reason.DISK_FULL || reason == Reason.IO_ERROR;
    }
}
