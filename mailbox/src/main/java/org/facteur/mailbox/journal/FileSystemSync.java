package org.facteur.mailbox.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * syncfs(2) of the file system that holds a path, through {@code sync -f} (GNU coreutils): Java
 * has no call for it. One syncfs writes back every dirty file and directory of the file system
 * and flushes the device's cache once, where an fsync per file would flush it once per file.
 */
final class FileSystemSync {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path path;

    FileSystemSync(Path path) {
        this.path = path;
    }

    /** Whether this system can do it (Linux with coreutils 8.24 or newer). */
    boolean works() {
        try {
            run();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void run() throws IOException {
        Process p = new ProcessBuilder("sync", "-f", path.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            // Waited for before its output is read: a read would wait without a limit. What sync
            // prints (an error line) fits in the pipe, so it never blocks on it.
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("sync -f " + path + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing " + path, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("sync -f " + path + " failed (exit " + p.exitValue() + "): "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        p.getInputStream().close();
    }
}
