package org.facteur.smtp.relay;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.facteur.threads.DaemonThreads;

/**
 * A socket write has no timeout in Java: this closes the socket when a block of data has not
 * been taken within the data block timeout (RFC 5321 4.5.3.2.5), which fails the blocked write.
 */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("smtp-client-watchdog"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static Guard guard(Socket socket, Duration limit) {
        return new Guard(socket, limit);
    }

    /** Armed while data is written; {@link #progress} re-arms it after each block. */
    static final class Guard implements AutoCloseable {
        private final Socket socket;
        private final long millis;
        private ScheduledFuture<?> pending;

        private Guard(Socket socket, Duration limit) {
            this.socket = socket;
            this.millis = limit.toMillis();
            arm();
        }

        void progress() {
            pending.cancel(false);
            arm();
        }

        private void arm() {
            pending = TIMER.schedule(() -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The writer sees the failure.
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            pending.cancel(false);
        }
    }
}
