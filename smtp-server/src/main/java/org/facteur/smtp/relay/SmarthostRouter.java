package org.facteur.smtp.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code relay.smarthost}: every domain goes to one relay. Its name is resolved by the system
 * (it is often in {@code /etc/hosts} or an IP address), at each attempt so a change is seen.
 */
public final class SmarthostRouter implements Router {

    private final String host;
    private final int port;

    public SmarthostRouter(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public List<Route> routes(String domain) throws DeliveryFailure {
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(host)) {
                addresses.add(new InetSocketAddress(a, port));
            }
            return List.of(new Route(host, addresses));
        } catch (UnknownHostException e) {
            throw DeliveryFailure.temporary("4.4.3", "cannot resolve the smarthost " + host + ": " + e.getMessage());
        }
    }
}
