package org.facteur.distribution.server;

/** Starts a service that listens on no port of its own, such as the outbound queue runner. */
@FunctionalInterface
public interface BackgroundFactory {

    Service start(ServerContext context);
}
