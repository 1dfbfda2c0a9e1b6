package org.facteur.distribution.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigException;
import org.facteur.distribution.config.ConfigKeys;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.distribution.config.Endpoint;
import org.facteur.distribution.config.Key;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The configuration file parser on arbitrary file contents: either a configuration that holds
 * every documented rule, or the documented user error, a {@link ConfigException} of one line
 * that starts with the file name (README.md "Configuration"); never another exception.
 *
 * <p>Host names: under {@code -Pfuzz} the JVM resolves names from an empty hosts file (root pom),
 * so {@code listen.*} and {@code dns.servers} see literals and {@code localhost} resolve and every
 * other name fail, without a DNS query. Seeds and past findings:
 * {@code src/test/resources/org/facteur/distribution/fuzz/ConfigFuzzTestInputs/load/}.
 */
class ConfigFuzzTest {

    private static final Defaults DEFAULTS = new Defaults(false, () -> "fuzz.example.test");

    @TempDir
    static Path dir;

    @DictionaryEntries({"hostname", "data", "listen.smtp", "listen.submission", "listen.submissions", "listen.imap",
        "listen.imaps", "listen.pop3", "listen.pop3s", "tls.cert", "tls.key", "dns.servers", "message.max_size",
        "quota.storage", "queue.retry", "queue.max_age", "outbound.port", "relay.smarthost", "imap.allow_plaintext_auth",
        "pop3.allow_plaintext_auth", " = ", " # ", "off", "*:", "127.0.0.1:", "[::1]:", "localhost", "true", "false",
        "1m,5m,15m,1h,4h", "5d", "65535", "user@example.test:p@ss@", "facteur.conf", "../", ","})
    @FuzzTest(maxDuration = "60s")
    void load(byte[] contents) throws IOException {
        Path file = dir.resolve("facteur.conf");
        Files.write(file, contents);
        Config config;
        try {
            config = ConfigLoader.load(Optional.of(file), Optional.empty(), DEFAULTS);
        } catch (ConfigException e) {
            // What the administrator sees on one line of stderr, before exit code 2.
            assertThat(e.getMessage()).startsWith(file + ":");
            assertThat(e.getMessage().chars()).as(e.getMessage())
                    .noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
            return;
        }
        assertValid(config);
    }

    /** The rules of README.md's key table, read back through the public accessors. */
    private static void assertValid(Config config) {
        for (Key<?> key : ConfigKeys.all()) {
            assertThat((Object) config.get(key)).as(key.name()).isNotNull();
        }
        assertThat(config.hostname()).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?").hasSizeLessThanOrEqualTo(253);
        assertThat(config.dataDirectory()).isAbsolute();
        List<InetSocketAddress> listening = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            config.listen(endpoint).ifPresent(address -> {
                assertThat(address.isUnresolved()).isFalse();
                for (InetSocketAddress other : listening) {
                    assertThat(shareAnAddress(address, other)).as(address + " and " + other).isFalse();
                }
                listening.add(address);
            });
        }
        config.dnsServers().forEach(server -> assertThat(server.isUnresolved()).isFalse());
        assertThat(config.messageMaxSize()).isPositive();
        assertThat(config.queueRetry()).isNotEmpty().allMatch(d -> d.compareTo(Duration.ZERO) > 0);
        assertThat(config.queueMaxAge()).isPositive();
        assertThat(config.outboundPort()).isBetween(1, 65535);
        config.relaySmarthost().ifPresent(relay -> {
            assertThat(relay.port()).isBetween(1, 65535);
            assertThat(relay.host()).isNotEmpty();
            relay.credentials().ifPresent(c -> assertThat(c.user()).isNotEmpty().doesNotContain(":"));
        });
        config.tlsFiles().ifPresent(tls -> {
            assertThat(tls.certificate()).isRegularFile();
            assertThat(tls.key()).isRegularFile();
        });
        assertThat(config.isSet(ConfigKeys.TLS_CERT) && config.get(ConfigKeys.TLS_CERT).isPresent())
                .isEqualTo(config.isSet(ConfigKeys.TLS_KEY) && config.get(ConfigKeys.TLS_KEY).isPresent());
    }

    /**
     * Whether two listeners could not both bind: same port, and the same address or a wildcard
     * (which takes the port on every address, IPv4 and IPv6: Linux refuses the second bind even
     * with SO_REUSEADDR).
     */
    private static boolean shareAnAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && (a.getAddress().equals(b.getAddress())
                || a.getAddress().isAnyLocalAddress() || b.getAddress().isAnyLocalAddress());
    }
}
