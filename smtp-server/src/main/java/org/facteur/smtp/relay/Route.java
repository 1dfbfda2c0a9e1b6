package org.facteur.smtp.relay;

import java.net.InetSocketAddress;
import java.util.List;

/** One host to try for a destination, with its addresses (and port) in the order to try them. */
public record Route(String host, List<InetSocketAddress> addresses) {

    public Route {
        addresses = List.copyOf(addresses);
    }
}
