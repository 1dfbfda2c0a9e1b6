package org.facteur.distribution.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final Defaults UNPRIVILEGED = new Defaults(false, () -> "box.example.test");
    private static final Defaults PRIVILEGED = new Defaults(true, () -> "box.example.test");

    @TempDir
    Path dir;

    private Config load(String... lines) {
        return ConfigLoader.load(Optional.of(write(lines)), Optional.empty(), UNPRIVILEGED);
    }

    /** The one-line error, with the file name as the command line gave it. */
    private String error(String... lines) {
        Path file = write(lines);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> ConfigLoader.load(Optional.of(file), Optional.empty(), UNPRIVILEGED));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").startsWith(file + ":");
        return thrown.getMessage().substring(file.toString().length());
    }

    private Path write(String... lines) {
        try {
            Path file = dir.resolve("facteur.conf");
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Syntax {

        @Test
        void commentsBlankLinesAndSpacesAroundTheEqualSignAreIgnored() {
            Config config = load("# a comment", "", "   ", "  hostname=mail.example.test  ",
                    "outbound.port   =   2525   # tests point it elsewhere", "\tqueue.max_age\t=\t2d\t");

            assertThat(config.hostname()).isEqualTo("mail.example.test");
            assertThat(config.outboundPort()).isEqualTo(2525);
            assertThat(config.queueMaxAge()).isEqualTo(Duration.ofDays(2));
        }

        @Test
        void windowsLineEndingsAreAccepted() throws IOException {
            Path file = dir.resolve("crlf.conf");
            Files.writeString(file, "hostname = mail.example.test\r\noutbound.port = 26\r\n");

            Config config = ConfigLoader.load(Optional.of(file), Optional.empty(), UNPRIVILEGED);

            assertThat(config.outboundPort()).isEqualTo(26);
        }

        @Test
        void aHashInsideAValueIsKept() {
            assertThat(load("relay.smarthost = u:pa#ss@smtp.example.test:587").relaySmarthost().orElseThrow()
                    .credentials().orElseThrow().password()).isEqualTo("pa#ss");
        }

        @Test
        void anUnknownKeyIsNamedWithItsLine() {
            assertThat(error("hostname = a.test", "", "colour = blue")).isEqualTo(":3: unknown key \"colour\"");
        }

        @Test
        void aMistypedKeyGetsASuggestion() {
            assertThat(error("listen.submision = 127.0.0.1:587"))
                    .isEqualTo(":1: unknown key \"listen.submision\" (did you mean listen.submission?)");
        }

        @Test
        void aLineWithoutEqualSignIsAnError() {
            assertThat(error("hostname mail.example.test")).isEqualTo(":1: expected \"key = value\", found \"hostname mail.example.test\"");
        }

        @Test
        void aKeySetTwiceIsAnError() {
            assertThat(error("hostname = a.test", "hostname = b.test")).endsWith(":2: hostname: already set on " + dir.resolve("facteur.conf") + ":1");
        }

        @Test
        void aFileThatIsNotUtf8IsAnError() throws IOException {
            Path file = dir.resolve("latin1.conf");
            Files.write(file, new byte[] {'h', '=', (byte) 0xE9, '\n'});

            assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Optional.empty(), UNPRIVILEGED))
                    .hasMessage(file + ": the configuration file is not UTF-8 text");
        }

        @Test
        void aMissingFileIsAnError() {
            Path missing = dir.resolve("nope.conf");

            assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Optional.empty(), UNPRIVILEGED))
                    .isInstanceOf(ConfigException.class).hasMessage(missing + ": no such configuration file");
        }

        @Test
        void theExampleOfTheBriefReadsAsDocumented() {
            assertThat(error("hostname = a.test", "", "", "", "", "", "queue.max_age = 5x"))
                    .isEqualTo(":7: queue.max_age: \"5x\" is not a duration (use a number with s, m, h or d)");
        }
    }

    @Nested
    class DefaultValues {

        @Test
        void withoutAFileEveryKeyHasItsDefault() {
            Config config = ConfigLoader.load(Optional.empty(), Optional.empty(), UNPRIVILEGED);

            assertThat(config.hostname()).isEqualTo("box.example.test");
            assertThat(config.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
            assertThat(config.tlsFiles()).isEmpty();
            assertThat(config.dnsServers()).isEmpty();
            assertThat(config.messageMaxSize()).isEqualTo(26_214_400L);
            assertThat(config.queueRetry()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                    Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));
            assertThat(config.queueMaxAge()).isEqualTo(Duration.ofDays(5));
            assertThat(config.outboundPort()).isEqualTo(25);
            assertThat(config.relaySmarthost()).isEmpty();
            assertThat(config.imapAllowPlaintextAuth()).isFalse();
            assertThat(config.pop3AllowPlaintextAuth()).isFalse();
            assertThat(config.origin(ConfigKeys.HOSTNAME).description()).isEqualTo("default");
        }

        @Test
        void unprivilegedPortsOnEveryAddressWhenThePortsBelow1024AreClosedToUs() {
            Config config = Config.defaults(UNPRIVILEGED);

            assertThat(List.of(Endpoint.values())).extracting(e -> config.listen(e).orElseThrow().getPort())
                    .containsExactly(2525, 2587, 2465, 2143, 2993, 2110, 2995);
            assertThat(config.listen(Endpoint.SMTP).orElseThrow().getAddress().isAnyLocalAddress()).isTrue();
        }

        @Test
        void standardPortsWhenPrivileged() {
            Config config = Config.defaults(PRIVILEGED);

            assertThat(List.of(Endpoint.values())).extracting(e -> config.listen(e).orElseThrow().getPort())
                    .containsExactly(25, 587, 465, 143, 993, 110, 995);
        }

        @Test
        void theMachineNameIsAValidHostName() {
            assertThat(Defaults.machineName()).matches("[a-z0-9.-]+");
        }
    }

    @Nested
    class Data {

        @Test
        void anAbsolutePathIsKept() {
            assertThat(load("data = /var/lib/facteur").dataDirectory()).isEqualTo(Path.of("/var/lib/facteur"));
        }

        @Test
        void aRelativePathIsTakenFromTheConfigurationFilesDirectory() {
            assertThat(load("data = mail/../store").dataDirectory()).isEqualTo(dir.resolve("store"));
        }

        @Test
        void theCommandLineWins() {
            Config config = ConfigLoader.load(Optional.of(write("data = /var/lib/facteur")),
                    Optional.of("other"), UNPRIVILEGED);

            assertThat(config.dataDirectory()).isEqualTo(Path.of("other").toAbsolutePath());
            assertThat(config.origin(ConfigKeys.DATA).description()).isEqualTo("--data");
        }

        @Test
        void anEmptyValueIsAnError() {
            assertThat(error("data =")).isEqualTo(":1: data: needs a path");
        }
    }

    @Nested
    class Hostname {

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "mail.example.test", "MX1.Example.Test", "a-b.c9.test", "123.example"})
        void acceptsHostNames(String name) {
            assertThat(load("hostname = " + name).hostname()).isEqualTo(name.toLowerCase());
        }

        @ParameterizedTest
        @ValueSource(strings = {"mail_1.example", "-mail.example", "mail..example", "mail.example.", "exa mple", "é.test"})
        void refusesWhatIsNotAHostName(String name) {
            assertThat(error("hostname = " + name))
                    .isEqualTo(":1: hostname: \"" + name + "\" is not a host name (e.g. mail.example.com)");
        }

        @Test
        void refusesAnEmptyName() {
            assertThat(error("hostname =")).contains("is not a host name");
        }
    }

    @Nested
    class Listen {

        @Test
        void acceptsIpv4Ipv6HostNamesWildcardAndOff() throws Exception {
            Config config = load("listen.smtp = 127.0.0.1:25", "listen.submission = [::1]:587",
                    "listen.submissions = localhost:465", "listen.imap = *:143", "listen.imaps = off",
                    "listen.pop3 = 127.0.0.2:110", "listen.pop3s = OFF".toLowerCase());

            assertThat(config.listen(Endpoint.SMTP)).contains(new InetSocketAddress("127.0.0.1", 25));
            assertThat(config.listen(Endpoint.SUBMISSION)).contains(new InetSocketAddress(InetAddress.getByName("::1"), 587));
            assertThat(config.listen(Endpoint.SUBMISSIONS).orElseThrow().getAddress().isLoopbackAddress()).isTrue();
            assertThat(config.listen(Endpoint.IMAP).orElseThrow().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(config.listen(Endpoint.IMAPS)).isEmpty();
            assertThat(config.listen(Endpoint.POP3S)).isEmpty();
            assertThat(config.origin(ConfigKeys.listen(Endpoint.IMAPS)).description()).endsWith("facteur.conf:5");
        }

        @ParameterizedTest
        @ValueSource(strings = {"127.0.0.1", "25", ":25", "[::1]", "::1:25", "[::1:25", "Off", "[nothex]:25"})
        void refusesMalformedAddresses(String value) {
            assertThat(error("listen.smtp = " + value)).isEqualTo(":1: listen.smtp: \"" + value
                    + "\" is not an address to listen on (host:port, [ipv6]:port, *:port or off)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "99999999999", "x", ""})
        void refusesPortsOutOfRange(String port) {
            assertThat(error("listen.imap = 127.0.0.1:" + port))
                    .isEqualTo(":1: listen.imap: \"" + port + "\" is not a port number (1-65535)");
        }

        @Test
        void refusesAnUnresolvableHost() {
            assertThat(error("listen.pop3 = no-such-host.invalid:110"))
                    .isEqualTo(":1: listen.pop3: \"no-such-host.invalid:110\": cannot resolve no-such-host.invalid");
        }

        @Test
        void refusesTwoListenersOnOneAddress() {
            assertThat(error("listen.imap = 127.0.0.1:1143", "listen.pop3 = 127.0.0.1:1143"))
                    .endsWith(":2: listen.pop3: the address is also used by listen.imap (" + dir.resolve("facteur.conf") + ":1)");
        }
    }

    @Nested
    class Tls {

        @Test
        void acceptsBothFilesRelativeToTheConfigurationFile() throws IOException {
            Files.writeString(dir.resolve("fullchain.pem"), "x");
            Files.writeString(dir.resolve("privkey.pem"), "x");

            Config config = load("tls.cert = fullchain.pem", "tls.key = " + dir.resolve("privkey.pem"));

            assertThat(config.tlsFiles()).contains(new Config.TlsFiles(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem")));
        }

        @Test
        void neitherMeansSelfSigned() {
            assertThat(load("tls.cert =", "tls.key =").tlsFiles()).isEmpty();
        }

        @Test
        void oneWithoutTheOtherIsAnError() throws IOException {
            Files.writeString(dir.resolve("fullchain.pem"), "x");

            assertThat(error("", "tls.cert = fullchain.pem")).isEqualTo(
                    ":2: tls.cert: is set but tls.key is not (set both, or neither for a self-signed certificate)");
        }

        @Test
        void aMissingFileIsAnError() {
            assertThat(error("tls.key = nope.pem")).isEqualTo(":1: tls.key: \"" + dir.resolve("nope.pem") + "\" does not exist");
        }

        @Test
        void aDirectoryIsAnError() {
            assertThat(error("tls.cert = " + dir)).isEqualTo(":1: tls.cert: \"" + dir + "\" is not a file");
        }
    }

    @Nested
    class DnsServers {

        @Test
        void acceptsAListWithOptionalPorts() throws Exception {
            Config config = load("dns.servers = 127.0.0.1:5353, 192.0.2.1 ,[::1]:53,::1");

            assertThat(config.dnsServers()).containsExactly(new InetSocketAddress("127.0.0.1", 5353),
                    new InetSocketAddress("192.0.2.1", 53), new InetSocketAddress(InetAddress.getByName("::1"), 53),
                    new InetSocketAddress(InetAddress.getByName("::1"), 53));
        }

        @Test
        void emptyMeansTheSystemResolvers() {
            assertThat(load("dns.servers =").dnsServers()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"127.0.0.1:0", "127.0.0.1,", "127.0.0.1:53:53x"})
        void refusesBadEntries(String value) {
            assertThat(error("dns.servers = " + value)).startsWith(":1: dns.servers: \"");
        }
    }

    @Nested
    class QuotaStorage {

        @Test
        void noLimitByDefaultAndBytesOrZero() {
            assertThat(load().quotaStorage()).isZero();
            assertThat(load("quota.storage = 1073741824").quotaStorage()).isEqualTo(1_073_741_824L);
            assertThat(load("quota.storage = 0").quotaStorage()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1G", "-1", "1.5", "", "unlimited", "1234567890123456789"})
        void refusesWhatIsNotANumberOfBytes(String value) {
            assertThat(error("# quota", "quota.storage = " + value)).isEqualTo(":2: quota.storage: \"" + value
                    + "\" is not a number of bytes (digits only, e.g. 26214400)");
        }
    }

    @Nested
    class MessageMaxSize {

        @Test
        void acceptsBytes() {
            assertThat(load("message.max_size = 1048576").messageMaxSize()).isEqualTo(1_048_576L);
        }

        @ParameterizedTest
        @ValueSource(strings = {"25M", "-1", "1.5", "", "1e6"})
        void refusesWhatIsNotANumberOfBytes(String value) {
            assertThat(error("message.max_size = " + value)).isEqualTo(":1: message.max_size: \"" + value
                    + "\" is not a number of bytes (digits only, e.g. 26214400)");
        }

        @Test
        void refusesZero() {
            assertThat(error("message.max_size = 0")).isEqualTo(":1: message.max_size: must be more than 0 bytes");
        }
    }

    @Nested
    class Queue {

        @Test
        void acceptsARetrySchedule() {
            assertThat(load("queue.retry = 30s, 5m,1h ,2d").queueRetry()).containsExactly(Duration.ofSeconds(30),
                    Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(2));
        }

        @Test
        void aScheduleOfOneIsFine() {
            assertThat(load("queue.retry = 10s").queueRetry()).containsExactly(Duration.ofSeconds(10));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1m,5x", "1m,,5m", "1m,", "5", "1 m", "1M", "1w", "-1m"})
        void refusesBadDurationsInTheSchedule(String value) {
            assertThat(error("queue.retry = " + value)).startsWith(":1: queue.retry: \"")
                    .endsWith("\" is not a duration (use a number with s, m, h or d)");
        }

        @Test
        void refusesAnEmptySchedule() {
            assertThat(error("queue.retry =")).isEqualTo(":1: queue.retry: needs at least one duration, e.g. 1m,5m,15m,1h,4h");
        }

        @Test
        void acceptsAMaximumAge() {
            assertThat(load("queue.max_age = 36h").queueMaxAge()).isEqualTo(Duration.ofHours(36));
        }

        @Test
        void refusesAZeroDuration() {
            assertThat(error("queue.max_age = 0d")).isEqualTo(":1: queue.max_age: \"0d\" must be longer than zero");
        }
    }

    @Nested
    class Outbound {

        @Test
        void acceptsAPort() {
            assertThat(load("outbound.port = 2525").outboundPort()).isEqualTo(2525);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "smtp", ""})
        void refusesWhatIsNotAPort(String value) {
            assertThat(error("outbound.port = " + value)).isEqualTo(":1: outbound.port: \"" + value + "\" is not a port number (1-65535)");
        }
    }

    @Nested
    class RelaySmarthost {

        @Test
        void emptyMeansDirectDelivery() {
            assertThat(load("relay.smarthost =").relaySmarthost()).isEmpty();
        }

        @Test
        void acceptsHostAndPort() {
            assertThat(load("relay.smarthost = smtp.example.test:587").relaySmarthost())
                    .contains(new Smarthost("smtp.example.test", 587, Optional.empty()));
        }

        @Test
        void acceptsCredentialsWhoseUserIsAnAddress() {
            Smarthost relay = load("relay.smarthost = alice@example.test:p@ss:w@smtp.example.test:465").relaySmarthost().orElseThrow();

            assertThat(relay.host()).isEqualTo("smtp.example.test");
            assertThat(relay.credentials()).contains(new Smarthost.Credentials("alice@example.test", "p@ss:w"));
            assertThat(relay.toString()).doesNotContain("p@ss").isEqualTo("alice@example.test:***@smtp.example.test:465");
        }

        @Test
        void acceptsAnIpv6Literal() {
            assertThat(load("relay.smarthost = [::1]:25").relaySmarthost().orElseThrow().host()).isEqualTo("::1");
        }

        @Test
        void needsAPort() {
            assertThat(error("relay.smarthost = smtp.example.test"))
                    .isEqualTo(":1: relay.smarthost: \"smtp.example.test\" is not host:port (e.g. smtp.example.com:587)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"user@smtp.example.test:587", ":pw@smtp.example.test:587", "user:@smtp.example.test:587"})
        void refusesIncompleteCredentials(String value) {
            assertThat(error("relay.smarthost = " + value))
                    .isEqualTo(":1: relay.smarthost: credentials must be user:password@host:port");
        }

        @Test
        void refusesABadHost() {
            assertThat(error("relay.smarthost = smtp_relay:25")).contains("is not a host name");
        }
    }

    @Nested
    class SmtpLimits {

        @Test
        void defaultsAreTheListenersOwn() {
            Config config = load();

            assertThat(config.get(ConfigKeys.SMTP_MAX_CONNECTIONS)).isEqualTo(500);
            assertThat(config.get(ConfigKeys.SMTP_MAX_CONNECTIONS_PER_IP)).isEqualTo(20);
            assertThat(config.get(ConfigKeys.SMTP_MAX_ERRORS)).isEqualTo(20);
            assertThat(config.get(ConfigKeys.SMTP_MAX_RECIPIENTS)).isEqualTo(100);
        }

        @Test
        void acceptsWholeNumbersInRange() {
            Config config = load("smtp.max_connections = 2000", "smtp.max_connections_per_ip = 1",
                    "smtp.max_errors = 5", "smtp.max_recipients = 1000");

            assertThat(config.get(ConfigKeys.SMTP_MAX_CONNECTIONS)).isEqualTo(2000);
            assertThat(config.get(ConfigKeys.SMTP_MAX_CONNECTIONS_PER_IP)).isEqualTo(1);
            assertThat(config.get(ConfigKeys.SMTP_MAX_ERRORS)).isEqualTo(5);
            assertThat(config.get(ConfigKeys.SMTP_MAX_RECIPIENTS)).isEqualTo(1000);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1.5", "", "10k", "99999999999999999999"})
        void refusesWhatIsNotAWholeNumber(String value) {
            assertThat(error("smtp.max_connections = " + value))
                    .isEqualTo(":1: smtp.max_connections: \"" + value + "\" is not a whole number (digits only)");
        }

        @Test
        void refusesValuesOutOfRange() {
            assertThat(error("smtp.max_connections_per_ip = 0"))
                    .isEqualTo(":1: smtp.max_connections_per_ip: must be from 1 to 100000");
            assertThat(error("smtp.max_errors = 1001")).isEqualTo(":1: smtp.max_errors: must be from 1 to 1000");
        }

        @Test
        void refusesFewerRecipientsThanRfc5321Requires() {
            assertThat(error("smtp.max_recipients = 99")).isEqualTo(":1: smtp.max_recipients: must be from 100 to 100000");
        }
    }

    @Nested
    class PlaintextAuth {

        @Test
        void acceptsTrueAndFalse() {
            Config config = load("imap.allow_plaintext_auth = true", "pop3.allow_plaintext_auth = false");

            assertThat(config.imapAllowPlaintextAuth()).isTrue();
            assertThat(config.pop3AllowPlaintextAuth()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "TRUE", "1", ""})
        void refusesAnythingElse(String value) {
            assertThat(error("pop3.allow_plaintext_auth = " + value))
                    .isEqualTo(":1: pop3.allow_plaintext_auth: \"" + value + "\" is not true or false");
        }
    }

    @Test
    void everyKeyOfTheInterfaceIsKnown() {
        assertThat(ConfigKeys.all()).extracting(Key::name).containsExactlyInAnyOrder("hostname", "data",
                "listen.smtp", "listen.submission", "listen.submissions", "listen.imap", "listen.imaps",
                "listen.pop3", "listen.pop3s", "tls.cert", "tls.key", "dns.servers", "message.max_size",
                "quota.storage", "queue.retry", "queue.max_age", "outbound.port", "relay.smarthost",
                "imap.allow_plaintext_auth", "pop3.allow_plaintext_auth", "smtp.max_connections",
                "smtp.max_connections_per_ip", "smtp.max_errors", "smtp.max_recipients");
    }
}
