package org.facteur.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A pool of H2 connections that keeps each session's parsed statements between checkouts.
 *
 * <p>H2's own {@code JdbcConnectionPool} rolls back every connection given back to it, and a
 * ROLLBACK makes H2 drop the reusable state of the session's cached statements, so each
 * {@code prepareStatement} parsed its SQL again: about a third of the index's CPU per append and
 * most of a directory lookup's. This pool rolls back only a connection given back with work
 * left uncommitted. The most recently returned connection goes out first, so a lone caller keeps
 * meeting the session whose cache it warmed.
 */
final class ConnectionPool {

    private static final long WAIT_SECONDS = 30;

    private final JdbcDataSource source = new JdbcDataSource();
    private final int max;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean disposed;

    ConnectionPool(String url, String user, int max) {
        source.setURL(url);
        source.setUser(user);
        source.setPassword("");
        this.max = max;
        this.permits = new Semaphore(max, true);
    }

    /** A connection; closing it gives it back. Waits while {@code max} are out. */
    Connection connection() throws SQLException {
        if (disposed) {
            throw new SQLException("the database is closed");
        }
        if (!acquire()) {
            throw new SQLException("no database connection free after " + WAIT_SECONDS + " s (" + max + " in use)");
        }
        try {
            Connection physical = idle.pollFirst();
            if (physical == null || physical.isClosed()) {
                physical = source.getConnection();
            }
            return handle(physical);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Takes a permit, waiting at most {@link #WAIT_SECONDS}. An interrupt does not stop the wait
     * (it is kept for the caller): a thread interrupted during an fsync that {@code DirectorySync}
     * finished still has its index rows to write, as with H2's own pool.
     */
    private boolean acquire() {
        if (permits.tryAcquire()) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    return permits.tryAcquire(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the idle connections; those in use close when given back. */
    void dispose() {
        disposed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            closeQuietly(c);
        }
    }

    private Connection handle(Connection physical) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Handle(physical));
    }

    /** Gives a connection back: reset if a transaction was left open, dropped if broken. */
    private void giveBack(Connection physical) {
        try {
            if (disposed || physical.isClosed()) {
                closeQuietly(physical);
                return;
            }
            if (!physical.getAutoCommit()) {
                if (inTransaction(physical)) {
                    physical.rollback();
                }
                physical.setAutoCommit(true);
            }
            idle.offerFirst(physical);
            if (disposed && idle.remove(physical)) {
                closeQuietly(physical);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(physical);
        } finally {
            permits.release();
        }
    }

    /** Whether work is left uncommitted; for a remote session (auto-server) H2 cannot tell, so yes. */
    private static boolean inTransaction(Connection physical) throws SQLException {
        return !(physical.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)
                || local.hasPendingTransaction();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Already unusable: nothing more to release.
        }
    }

    /** The caller's view of a pooled connection: {@code close} gives it back, once. */
    private final class Handle implements InvocationHandler {

        private final Connection physical;
        private final AtomicBoolean closed = new AtomicBoolean();

        Handle(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (closed.compareAndSet(false, true)) {
                        giveBack(physical);
                    }
                    return null;
                case "isClosed":
                    return closed.get() || physical.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "pooled " + physical;
                default:
                    if (closed.get()) {
                        throw new SQLException("connection already given back to the pool");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        }
    }
}
