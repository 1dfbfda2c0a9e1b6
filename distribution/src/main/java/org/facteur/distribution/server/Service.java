package org.facteur.distribution.server;

/**
 * A running part of the server (a listener, the queue runner...): started by its factory, stopped
 * by {@link #close()} in the reverse order of starting.
 */
public interface Service extends AutoCloseable {

    /** One line for the start-up report, e.g. {@code smtp on 0.0.0.0:2525}. */
    String description();

    /**
     * Stops accepting work and finishes or safely abandons what is in flight; the whole server
     * gets 10 s for this (INTERFACE.md), so a service should not take more than a few.
     */
    @Override
    void close();

    /** A service described by {@code description} and stopped by {@code stop}. */
    static Service of(String description, Runnable stop) {
        return new Service() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }
}
