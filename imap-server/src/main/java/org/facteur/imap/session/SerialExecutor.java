package org.facteur.imap.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's tasks one after the other, in submission order, on a shared pool: commands
 * touch the store (which fsyncs), so they never run on Netty's I/O threads, and pipelined
 * commands are answered in order (RFC 3501 5.5). A task may {@link #pause} the queue (a delayed
 * login reply) and {@link #resume} it later from any thread.
 */
final class SerialExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks run per turn on a pool thread before giving other sessions theirs. */
    private static final int BATCH = 32;

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;
    private boolean paused;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    synchronized void execute(Runnable task) {
        tasks.add(task);
        scheduleIfNeeded();
    }

    /** Stops running queued tasks after the current one until {@link #resume}. */
    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        scheduleIfNeeded();
    }

    /** Resumes, running {@code first} before the tasks that queued up meanwhile. */
    synchronized void resumeWith(Runnable first) {
        tasks.addFirst(first);
        resume();
    }

    synchronized int queued() {
        return tasks.size();
    }

    private void scheduleIfNeeded() {
        if (!scheduled && !paused && !tasks.isEmpty()) {
            scheduled = true;
            try {
                pool.execute(this::runBatch);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The server is stopping: the connection is being closed anyway.
                scheduled = false;
                tasks.clear();
            }
        }
    }

    private void runBatch() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task;
            synchronized (this) {
                if (paused || tasks.isEmpty()) {
                    scheduled = false;
                    return;
                }
                task = tasks.poll();
            }
            try {
                task.run();
            } catch (RuntimeException | StackOverflowError e) {
                // One task's failure (a stack overflow included: input built to nest without end)
                // must not leave the session's executor marked busy, and the session dead, for good.
                LOG.warn("imap.task_failed", e);
            } catch (Error e) {
                synchronized (this) {
                    scheduled = false;
                }
                throw e;
            }
        }
        synchronized (this) {
            scheduled = false;
            scheduleIfNeeded();
        }
    }
}
