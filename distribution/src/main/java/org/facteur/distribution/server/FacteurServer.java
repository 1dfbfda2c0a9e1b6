package org.facteur.distribution.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigException;
import org.facteur.distribution.config.ConfigKeys;
import org.facteur.distribution.config.Endpoint;
import org.facteur.mailbox.maildir.MaildirStore;
import org.facteur.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code facteur serve}: opens the directory, the store (running crash recovery) and the TLS
 * material, then starts every registered and configured service. {@link #close()} stops them in
 * reverse order, then closes the store and the databases.
 */
public final class FacteurServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FacteurServer.class);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final List<Service> services = new ArrayList<>();
    private final List<Endpoint> notInThisBuild = new ArrayList<>();
    private ServerContext context;

    private FacteurServer() {
    }

    public static FacteurServer start(Config config, ServiceRegistry registry) {
        FacteurServer server = new FacteurServer();
        try {
            server.open(config, registry);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void open(Config config, ServiceRegistry registry) {
        Directory directory = new Directory(keep(Database.open(config.dataDirectory())));
        MaildirStore store = keep(MaildirStore.openExclusive(config.dataDirectory()));
        DefaultDomain.addOnce(config.dataDirectory(), directory);
        TlsMaterial tls = TlsSetup.load(config);
        context = new ServerContext(config, directory, store, tls);

        // Background services (the queue runner) first: listeners hand their work to them.
        for (BackgroundFactory factory : registry.background()) {
            started(factory.start(context));
        }
        for (Endpoint endpoint : Endpoint.values()) {
            Optional<InetSocketAddress> address = config.listen(endpoint);
            if (address.isEmpty()) {
                continue;
            }
            Optional<ListenerFactory> factory = registry.listener(endpoint);
            if (factory.isEmpty()) {
                notInThisBuild.add(endpoint);
                continue;
            }
            started(startListener(endpoint, factory.get(), address.get()));
        }
    }

    private Service startListener(Endpoint endpoint, ListenerFactory factory, InetSocketAddress address) {
        try {
            return factory.start(address, context);
        } catch (IOException e) {
            var key = ConfigKeys.listen(endpoint);
            throw new ConfigException(context.config().origin(key).error(key.name(),
                    "cannot listen on " + address + ": " + e.getMessage()), e);
        }
    }

    private void started(Service service) {
        keep(service);
        services.add(service);
        LOG.info("started {}", service.description());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        toClose.push(resource);
        return resource;
    }

    public ServerContext context() {
        return context;
    }

    public List<Service> services() {
        return List.copyOf(services);
    }

    /** Endpoints configured (not {@code off}) whose protocol this build does not have yet. */
    public List<Endpoint> notInThisBuild() {
        return List.copyOf(notInThisBuild);
    }

    @Override
    public synchronized void close() {
        while (!toClose.isEmpty()) {
            AutoCloseable resource = toClose.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("while stopping {}: {}", resource, e.toString());
            }
        }
    }
}
