package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Starts the listener of one endpoint on its configured address. */
@FunctionalInterface
public interface ListenerFactory {

    /** @throws IOException when the address cannot be bound; start-up reports it against the listen key */
    Service start(InetSocketAddress address, ServerContext context) throws IOException;
}
