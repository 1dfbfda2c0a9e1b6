package org.facteur.smtp.queue;

import java.io.IOException;
import java.nio.file.FileSystemException;

/** The queue could not write or read its files. {@link #diskFull()} tells SMTP to answer 452 4.3.1. */
public class QueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean diskFull;

    public QueueException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.diskFull = isDiskFull(cause);
    }

    public boolean diskFull() {
        return diskFull;
    }

    static boolean isDiskFull(IOException e) {
        // Java has no ENOSPC type: the message carries the OS's text.
        String m = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"));
    }
}
