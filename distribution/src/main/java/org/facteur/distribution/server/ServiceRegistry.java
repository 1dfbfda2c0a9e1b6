package org.facteur.distribution.server;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.facteur.distribution.config.Endpoint;

/**
 * Which services this build has. Each protocol module adds itself here with one line in
 * {@link #ofThisBuild()}; {@code facteur serve} starts what is registered and configured, and
 * names what is configured but not in the build.
 */
public final class ServiceRegistry {

    private final Map<Endpoint, ListenerFactory> listeners = new EnumMap<>(Endpoint.class);
    private final List<BackgroundFactory> background = new ArrayList<>();

    /** The services of this build. */
    public static ServiceRegistry ofThisBuild() {
        ServiceRegistry registry = new ServiceRegistry();
        QueueService queue = new QueueService();
        registry.background(queue);
        registry.background(new QuotaCounting());
        SmtpListener.register(registry, queue);
        Pop3Listener.register(registry);
        ImapListener.register(registry);
        return registry;
    }

    public ServiceRegistry listener(Endpoint endpoint, ListenerFactory factory) {
        if (listeners.putIfAbsent(endpoint, factory) != null) {
            throw new IllegalStateException(endpoint.label() + " is registered twice");
        }
        return this;
    }

    public ServiceRegistry background(BackgroundFactory factory) {
        background.add(factory);
        return this;
    }

    public Optional<ListenerFactory> listener(Endpoint endpoint) {
        return Optional.ofNullable(listeners.get(endpoint));
    }

    public List<BackgroundFactory> background() {
        return List.copyOf(background);
    }
}
