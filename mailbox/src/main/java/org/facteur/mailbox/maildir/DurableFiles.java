package org.facteur.mailbox.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.facteur.files.DirectorySync;
import org.facteur.mailbox.StoreException;

/** The file-system steps of the durability protocol: write, fsync, rename, fsync the directory. */
final class DurableFiles {

    private DurableFiles() {
    }

    /** Replaces a small file atomically and durably: a crash leaves the old or the new content. */
    static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp" + ThreadLocalRandom.current().nextInt(1 << 30));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DirectorySync.force(target.getParent());
    }

    /** Turns an I/O failure into a store error, telling a full disk (temporary) apart. */
    static StoreException failure(String what, IOException e) {
        if (isDiskFull(e)) {
            return new StoreException(StoreException.Reason.DISK_FULL, what + ": the disk is full", e);
        }
        return new StoreException(StoreException.Reason.IO_ERROR, what + ": " + e.getMessage(), e);
    }

    private static boolean isDiskFull(IOException e) {
        // Java has no ENOSPC type: the message carries the OS's text.
        String m = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"));
    }
}
