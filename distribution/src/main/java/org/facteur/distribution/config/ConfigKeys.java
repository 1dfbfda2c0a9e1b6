package org.facteur.distribution.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.facteur.smtp.reception.SmtpSettings;

/** Every key of the configuration file (INTERFACE.md), its parser and its default. */
public final class ConfigKeys {

    public static final Key<String> HOSTNAME =
            new Key<>("hostname", (text, base) -> Values.hostname(text), d -> d.hostname().get());
    public static final Key<Path> DATA =
            new Key<>("data", Values::path, d -> Path.of("data").toAbsolutePath());
    public static final Key<Optional<Path>> TLS_CERT = new Key<>("tls.cert", ConfigKeys::optionalFile, d -> Optional.empty());
    public static final Key<Optional<Path>> TLS_KEY = new Key<>("tls.key", ConfigKeys::optionalFile, d -> Optional.empty());
    public static final Key<List<InetSocketAddress>> DNS_SERVERS =
            new Key<>("dns.servers", (text, base) -> Values.dnsServers(text), d -> List.of());
    public static final Key<Long> MESSAGE_MAX_SIZE =
            new Key<>("message.max_size", (text, base) -> Values.positiveBytes(text), d -> 26_214_400L);
    /** Bytes each user's messages may take over all their mailboxes (RFC 9208 STORAGE); 0: no limit. */
    public static final Key<Long> QUOTA_STORAGE =
            new Key<>("quota.storage", (text, base) -> Values.bytes(text), d -> 0L);
    public static final Key<List<Duration>> QUEUE_RETRY = new Key<>("queue.retry",
            (text, base) -> Values.durations(text),
            d -> List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                    Duration.ofHours(1), Duration.ofHours(4)));
    public static final Key<Duration> QUEUE_MAX_AGE =
            new Key<>("queue.max_age", (text, base) -> Values.duration(text), d -> Duration.ofDays(5));
    public static final Key<Integer> OUTBOUND_PORT =
            new Key<>("outbound.port", (text, base) -> Values.port(text), d -> 25);
    public static final Key<Optional<Smarthost>> RELAY_SMARTHOST =
            new Key<>("relay.smarthost", (text, base) -> Values.smarthost(text), d -> Optional.empty());
    /** SMTP reception limits (not in INTERFACE.md; the defaults are the listener's own). */
    public static final Key<Integer> SMTP_MAX_CONNECTIONS = new Key<>("smtp.max_connections",
            (text, base) -> Values.count(text, 1, 100_000), d -> SmtpSettings.DEFAULT_MAX_CONNECTIONS);
    public static final Key<Integer> SMTP_MAX_CONNECTIONS_PER_IP = new Key<>("smtp.max_connections_per_ip",
            (text, base) -> Values.count(text, 1, 100_000), d -> SmtpSettings.DEFAULT_MAX_CONNECTIONS_PER_IP);
    public static final Key<Integer> SMTP_MAX_ERRORS = new Key<>("smtp.max_errors",
            (text, base) -> Values.count(text, 1, 1000), d -> SmtpSettings.DEFAULT_MAX_ERRORS);
    /** RFC 5321 4.5.3.1.8: a server must accept at least 100 recipients per message. */
    public static final Key<Integer> SMTP_MAX_RECIPIENTS = new Key<>("smtp.max_recipients",
            (text, base) -> Values.count(text, 100, 100_000), d -> SmtpSettings.DEFAULT_MAX_RECIPIENTS);
    public static final Key<Boolean> IMAP_ALLOW_PLAINTEXT_AUTH =
            new Key<>("imap.allow_plaintext_auth", (text, base) -> Values.bool(text), d -> false);
    public static final Key<Boolean> POP3_ALLOW_PLAINTEXT_AUTH =
            new Key<>("pop3.allow_plaintext_auth", (text, base) -> Values.bool(text), d -> false);

    private static final Map<Endpoint, Key<Optional<InetSocketAddress>>> LISTEN = new EnumMap<>(Endpoint.class);
    private static final Map<String, Key<?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Endpoint endpoint : Endpoint.values()) {
            // Every address (IPv4 and IPv6), as Postfix's inet_interfaces and Dovecot's listen default to.
            LISTEN.put(endpoint, new Key<>(endpoint.key(), (text, base) -> Values.listenAddress(text),
                    d -> Optional.of(new InetSocketAddress(
                            d.mayBindPrivilegedPorts() ? endpoint.standardPort() : endpoint.unprivilegedPort()))));
        }
        register(HOSTNAME, DATA);
        LISTEN.values().forEach(ConfigKeys::register);
        register(TLS_CERT, TLS_KEY, DNS_SERVERS, MESSAGE_MAX_SIZE, QUOTA_STORAGE, QUEUE_RETRY, QUEUE_MAX_AGE, OUTBOUND_PORT,
                RELAY_SMARTHOST, IMAP_ALLOW_PLAINTEXT_AUTH, POP3_ALLOW_PLAINTEXT_AUTH);
        register(SMTP_MAX_CONNECTIONS, SMTP_MAX_CONNECTIONS_PER_IP, SMTP_MAX_ERRORS, SMTP_MAX_RECIPIENTS);
    }

    private ConfigKeys() {
    }

    public static Key<Optional<InetSocketAddress>> listen(Endpoint endpoint) {
        return LISTEN.get(endpoint);
    }

    /** Every key, in the order of the example configuration file. */
    public static List<Key<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    static Optional<Key<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static void register(Key<?>... keys) {
        for (Key<?> key : keys) {
            BY_NAME.put(key.name(), key);
        }
    }

    private static Optional<Path> optionalFile(String text, Path base) throws InvalidValue {
        return text.isEmpty() ? Optional.empty() : Optional.of(Values.readableFile(text, base));
    }
}
