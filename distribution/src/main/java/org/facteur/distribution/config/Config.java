package org.facteur.distribution.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration: every key set in the file or on the command line, and the defaults
 * for the others. Nothing here can fail any more, except what only start-up can see (a port in
 * use, a certificate that does not match its key), which {@link #origin} helps report.
 */
public final class Config {

    /** The certificate chain and key the administrator configured (both or neither). */
    public record TlsFiles(Path certificate, Path key) {
    }

    private final Map<Key<?>, Object> values;
    private final Map<Key<?>, Origin> origins;
    private final Defaults defaults;
    private final Map<Key<?>, Object> computedDefaults = new HashMap<>();

    Config(Map<Key<?>, Object> values, Map<Key<?>, Origin> origins, Defaults defaults) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
        this.defaults = defaults;
    }

    /** Every key at its default. */
    public static Config defaults(Defaults defaults) {
        return new Config(Map.of(), Map.of(), defaults);
    }

    @SuppressWarnings("unchecked")
    public synchronized <T> T get(Key<T> key) {
        if (values.containsKey(key)) {
            return (T) values.get(key);
        }
        return (T) computedDefaults.computeIfAbsent(key, k -> key.defaultValue().apply(defaults));
    }

    /** Where {@code key} was set ({@code facteur.conf:7}, {@code --data}), or {@code default}. */
    public Origin origin(Key<?> key) {
        return origins.getOrDefault(key, Origin.DEFAULT);
    }

    public boolean isSet(Key<?> key) {
        return values.containsKey(key);
    }

    public String hostname() {
        return get(ConfigKeys.HOSTNAME);
    }

    public Path dataDirectory() {
        return get(ConfigKeys.DATA);
    }

    /** The address {@code endpoint} listens on, or empty when it is {@code off}. */
    public Optional<InetSocketAddress> listen(Endpoint endpoint) {
        return get(ConfigKeys.listen(endpoint));
    }

    /** The configured certificate, or empty for the self-signed one in the data directory. */
    public Optional<TlsFiles> tlsFiles() {
        return get(ConfigKeys.TLS_CERT).map(cert -> new TlsFiles(cert, get(ConfigKeys.TLS_KEY).orElseThrow()));
    }

    /** Resolvers for DNS lookups; empty for the system's. */
    public List<InetSocketAddress> dnsServers() {
        return get(ConfigKeys.DNS_SERVERS);
    }

    public long messageMaxSize() {
        return get(ConfigKeys.MESSAGE_MAX_SIZE);
    }

    /** The storage quota per user in bytes, 0 for none. */
    public long quotaStorage() {
        return get(ConfigKeys.QUOTA_STORAGE);
    }

    /** Delays between delivery attempts; the last repeats until {@link #queueMaxAge}. */
    public List<Duration> queueRetry() {
        return get(ConfigKeys.QUEUE_RETRY);
    }

    public Duration queueMaxAge() {
        return get(ConfigKeys.QUEUE_MAX_AGE);
    }

    public int outboundPort() {
        return get(ConfigKeys.OUTBOUND_PORT);
    }

    public Optional<Smarthost> relaySmarthost() {
        return get(ConfigKeys.RELAY_SMARTHOST);
    }

    public boolean imapAllowPlaintextAuth() {
        return get(ConfigKeys.IMAP_ALLOW_PLAINTEXT_AUTH);
    }

    public boolean pop3AllowPlaintextAuth() {
        return get(ConfigKeys.POP3_ALLOW_PLAINTEXT_AUTH);
    }
}
