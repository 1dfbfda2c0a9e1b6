package org.facteur.mailbox.maildir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.StoreException;

/**
 * Where things live on disk: {@code mail/<domain>/<local>/} per user, with INBOX in the user's
 * directory itself and other folders in Maildir++ sub-directories ({@code .Sent},
 * {@code .Work.Projects}), named in modified UTF-7 as Courier and Dovecot do. Our hierarchy
 * delimiter is "/", so a "." inside one level is shifted into the UTF-7 form ({@code &AC4-}) and
 * cannot be mistaken for a level break.
 */
final class MaildirLayout {

    private static final int MAX_DIR_NAME = 255;
    private static final String DOOMED_PREFIX = "facteur-deleting-";

    private final Path mailRoot;

    MaildirLayout(Path dataDir) {
        this.mailRoot = dataDir.resolve("mail");
    }

    Path mailRoot() {
        return mailRoot;
    }

    Path userDir(String user) {
        int at = user.lastIndexOf('@');
        if (at <= 0 || at == user.length() - 1) {
            throw new StoreException(StoreException.Reason.INVALID_NAME, "not a user address: " + user);
        }
        String local = user.substring(0, at);
        String domain = user.substring(at + 1);
        checkPathSafe(local, user);
        checkPathSafe(domain, user);
        return mailRoot.resolve(domain).resolve(local);
    }

    private static void checkPathSafe(String part, String user) {
        if (part.startsWith(".") || part.contains("/") || part.contains("\0") || part.length() > MAX_DIR_NAME) {
            throw new StoreException(StoreException.Reason.INVALID_NAME, "cannot store mail for " + user);
        }
    }

    Path folderDir(String user, String name) {
        Path userDir = userDir(user);
        return isInbox(name) ? userDir : userDir.resolve(directoryName(name));
    }

    /**
     * Where a folder goes while it is being deleted: a name without the Maildir++ dot, so that no
     * Maildir reader (nor our recovery) takes it for a folder; recovery removes what is left.
     */
    Path doomedDir(String user) {
        return userDir(user).resolve(DOOMED_PREFIX + UUID.randomUUID());
    }

    static boolean isDoomed(String directoryName) {
        return directoryName.startsWith(DOOMED_PREFIX);
    }

    static boolean isInbox(String name) {
        return name.equalsIgnoreCase(MailStore.INBOX);
    }

    /** INBOX in any case is INBOX (RFC 3501 5.1); other names are kept as given. */
    static String canonicalName(String name) {
        if (isInbox(name)) {
            return MailStore.INBOX;
        }
        if (name.length() > 6 && name.substring(0, 6).equalsIgnoreCase(MailStore.INBOX + MailStore.DELIMITER)) {
            return MailStore.INBOX + name.substring(5);
        }
        return name;
    }

    /** The Maildir++ directory of a folder other than INBOX: "Work/Projects" becomes ".Work.Projects". */
    static String directoryName(String name) {
        String[] levels = name.split(MailStore.DELIMITER, -1);
        StringBuilder b = new StringBuilder();
        for (String level : levels) {
            if (level.isEmpty()) {
                throw new StoreException(StoreException.Reason.INVALID_NAME,
                        "mailbox name has an empty level: \"" + name + "\"");
            }
            b.append('.').append(ModifiedUtf7.encode(level, "."));
        }
        if (b.length() > MAX_DIR_NAME) {
            throw new StoreException(StoreException.Reason.INVALID_NAME, "mailbox name is too long");
        }
        return b.toString();
    }

    /** The folder name of a Maildir++ directory, or empty if the directory is not a folder. */
    static Optional<String> folderName(String directoryName) {
        if (directoryName.length() < 2 || directoryName.charAt(0) != '.' || directoryName.equals("..")) {
            return Optional.empty();
        }
        String[] levels = directoryName.substring(1).split("\\.", -1);
        StringBuilder b = new StringBuilder();
        for (String level : levels) {
            if (level.isEmpty()) {
                return Optional.empty();
            }
            try {
                b.append(b.length() > 0 ? MailStore.DELIMITER : "").append(ModifiedUtf7.decode(level));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(b.toString());
    }
}
