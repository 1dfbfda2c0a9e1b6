package org.facteur.mailbox.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        // Output to a file, read after the wait: reading a pipe first would wait without a limit.
        Path output = Files.createTempFile("facteur-syncfs", ".txt");
        try {
            Process p = new ProcessBuilder("sync", "-f", path.toString()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            p.getOutputStream().close();
            try {
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
                        + Files.readString(output, StandardCharsets.UTF_8).trim());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
