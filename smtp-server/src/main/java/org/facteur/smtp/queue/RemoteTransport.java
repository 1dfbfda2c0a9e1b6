package org.facteur.smtp.queue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.facteur.smtp.relay.DeliveryResult;

/** The outbound side, as the queue runner sees it: it takes remote deliveries and reports on each. */
public interface RemoteTransport extends AutoCloseable {

    /**
     * Starts delivering {@code due} (remote deliveries of {@code envelope}) in the background.
     * {@code done} is called, on another thread, once or more with results by delivery index,
     * until every delivery of {@code due} has one.
     */
    void deliver(Envelope envelope, List<Envelope.Delivery> due, Consumer<Map<Integer, DeliveryResult>> done);

    @Override
    void close();
}
