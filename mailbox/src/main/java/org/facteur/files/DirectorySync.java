package org.facteur.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Group commit of the renames into one directory ({@link GroupCommit} of its fsync): each
 * committer asks for an fsync of the directory after its own renames, and one fsync answers every
 * request made before it began.
 *
 * <p>Shared by the mail queue (its {@code queue/} directory) and the store (each folder's
 * {@code cur/} when a message is not in the append journal).
 */
public final class DirectorySync {

    /** The fsync itself (replaced in tests to count and slow it). */
    public interface Fsync {
        void run(Path dir) throws IOException;
    }

    private final Supplier<Path> dir;
    private final GroupCommit commit;

    public DirectorySync(Path dir) {
        this(() -> dir, DirectorySync::force);
    }

    /** For a directory that can move (a renamed folder): its path is asked at each fsync. */
    public DirectorySync(Supplier<Path> dir) {
        this(dir, DirectorySync::force);
    }

    public DirectorySync(Path dir, Fsync fsync) {
        this(() -> dir, fsync);
    }

    private DirectorySync(Supplier<Path> dir, Fsync fsync) {
        this.dir = dir;
        this.commit = new GroupCommit(() -> fsync.run(dir.get()));
    }

    /**
     * Returns once an fsync of the directory that began after this call has completed, so every
     * rename the caller made before calling is durable. Throws if that fsync failed.
     */
    public void sync() throws IOException {
        try {
            commit.await();
        } catch (IOException e) {
            throw new IOException("cannot sync " + dir.get() + ": " + e.getMessage(), e);
        }
    }

    /** A lone fsync of a directory, outside any group: its entries become durable. */
    public static void force(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
