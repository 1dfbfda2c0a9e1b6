package org.facteur.mailbox;

/**
 * The IMAP system flags that are stored with a message (RFC 3501 2.3.2), each with its Maildir
 * info letter. {@code \Recent} is a property of a session, not of the message, so it is not here.
 */
public enum SystemFlag {
    // Maildir letters must stay in ASCII order: the Maildir spec wants the info sorted.
    DRAFT("\\Draft", 'D'),
    FLAGGED("\\Flagged", 'F'),
    ANSWERED("\\Answered", 'R'),
    SEEN("\\Seen", 'S'),
    DELETED("\\Deleted", 'T');

    private final String imapName;
    private final char maildirLetter;

    SystemFlag(String imapName, char maildirLetter) {
        this.imapName = imapName;
        this.maildirLetter = maildirLetter;
    }

    public String imapName() {
        return imapName;
    }

    public char maildirLetter() {
        return maildirLetter;
    }

    int bit() {
        return 1 << ordinal();
    }

    /** The flag for an IMAP name, case-insensitively (RFC 3501 flags are case-insensitive). */
    public static SystemFlag fromImapName(String name) {
        for (SystemFlag f : values()) {
            if (f.imapName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
