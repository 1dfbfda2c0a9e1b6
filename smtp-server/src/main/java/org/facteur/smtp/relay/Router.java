package org.facteur.smtp.relay;

import java.util.List;

/** Where mail for a domain goes: the hosts to try, best first. */
@FunctionalInterface
public interface Router {

    /**
     * @throws DeliveryFailure when the domain cannot receive mail (permanent: no such domain,
     *         null MX) or its hosts cannot be found now (temporary: DNS failure)
     */
    List<Route> routes(String domain) throws DeliveryFailure;
}
