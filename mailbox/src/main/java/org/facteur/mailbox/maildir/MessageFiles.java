package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.UidSet;
import org.facteur.mailbox.index.MessageRow;
import org.facteur.mailbox.mime.MessageParser;

/**
 * Finds the file of an index row in a folder's {@code cur/}, the files being the truth, and
 * reads a message file's summary.
 *
 * <p>H2 can return a stale or damaged row after a crash: it commits without fsync and writes its
 * file in the background (up to a second late by default), and H2 2.3.232 has been seen, after a
 * SIGKILL, to fail to find a row through its primary key. The store acts on a file only through
 * a row checked here: one that names a file carrying its own UID, found under that name or, if
 * the index kept an older name (a flag change it lost), under any name with that UID.
 */
final class MessageFiles {

    private MessageFiles() {
    }

    /** The rows, checked to be those of the asked UIDs and to name files of their own UIDs. */
    static List<MessageRow> checked(MailboxState box, UidSet asked, List<MessageRow> rows) {
        for (MessageRow row : rows) {
            if (!asked.contains(row.uid()) || MaildirFileName.parse(row.fileName()).uid() != row.uid()) {
                throw new StoreException(StoreException.Reason.IO_ERROR, "the index of " + box.name()
                        + " is damaged (row of UID " + row.uid() + " names " + row.fileName()
                        + "); restart facteur or run facteur reindex to rebuild it from the files");
            }
        }
        return rows;
    }

    /** The row's file, or empty if no file in {@code cur/} carries its UID any more. */
    static Optional<Path> locate(MailboxState box, MessageRow row) throws IOException {
        Path named = box.cur().resolve(row.fileName());
        if (Files.exists(named)) {
            return Optional.of(named);
        }
        // Our names end in ",U=<uid>:2,<flags>"; the glob cannot match another UID.
        try (DirectoryStream<Path> found = Files.newDirectoryStream(box.cur(), "*,U=" + row.uid() + ":2,*")) {
            Iterator<Path> it = found.iterator();
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        }
    }

    /** The summary of a message file, parsed once from its bytes. */
    static byte[] summarise(Path file) throws IOException {
        // Unbuffered: the parser's LineReader reads in blocks of its own.
        try (InputStream in = Files.newInputStream(file)) {
            return MessageParser.parse(in).encode();
        }
    }

    /** The row's file, or a clear error if it has none. */
    static Path require(MailboxState box, MessageRow row) throws IOException {
        return locate(box, row).orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MESSAGE,
                "message " + row.uid() + " of " + box.name() + " has no file any more"));
    }
}
