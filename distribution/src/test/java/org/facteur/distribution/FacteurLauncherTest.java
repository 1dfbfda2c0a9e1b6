package org.facteur.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.facteur.distribution.config.Endpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./facteur} launcher as a user runs it, from another directory, on a
 * temporary data directory. Runs after {@code package}, so the launcher finds its build fresh.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FacteurLauncherTest {

    private static final Path LAUNCHER = Path.of("..", "facteur").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void dataDirectory() {
        data = dir.resolve("data");
    }

    private static List<String> facteur(String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        command.add("--data");
        command.add(data.toString());
        return command;
    }

    private static ChildProcess.Result run(String stdin, String... args) throws Exception {
        ChildProcess.Result result = ChildProcess.run(dir, stdin, facteur(args));
        assertThat(result.err()).as("the launcher found its build fresh").doesNotContain("building with Maven");
        return result;
    }

    @Test
    @Order(1)
    void addsADomainAndAUserThenListsIt() throws Exception {
        assertThat(run("", "domain", "add", "example.test").exit()).isZero();

        ChildProcess.Result add = run("correct horse\n", "user", "add", "alice@example.test", "--password-stdin");
        assertThat(add.err()).isEmpty();
        assertThat(add.exit()).isZero();

        ChildProcess.Result list = run("", "user", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo("alice@example.test\n");
    }

    @Test
    @Order(2)
    void aBadConfigurationLineStopsWithExitCode2AndOneLine() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.conf"), "hostname = mail.example.test\n\nqueue.max_age = 5x\n");

        ChildProcess.Result result = run("", "serve", "--config", config.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(
                config + ":3: queue.max_age: \"5x\" is not a duration (use a number with s, m, h or d)\n");
    }

    @Test
    @Order(3)
    void servesAcceptsAdminCommandsMeanwhileAndStopsOnSigtermWithin10Seconds() throws Exception {
        Path config = Files.writeString(dir.resolve("facteur.conf"), loopbackConfiguration());

        try (ChildProcess serve = ChildProcess.start(dir, facteur("serve", "--config", config.toString()))) {
            serve.awaitLine("running; stop with", Duration.ofSeconds(90));
            assertThat(serve.stdout()).contains("serving mail.example.test, data in " + data)
                    .contains("tls: self-signed certificate CN=mail.example.test")
                    .contains("not in this build yet")
                    .contains("add a user: " + LAUNCHER + " user add --config " + config + " --data " + data + " alice@");
            assertThat(data.resolve("tls/cert.pem")).exists();
            assertThat(data.resolve("tls/key.pem")).exists();

            // H2's auto-server lets an admin command share the data directory with the server.
            ChildProcess.Result add = run("pw\n", "user", "add", "bob@localhost", "--password-stdin");
            assertThat(add.err()).isEmpty();
            assertThat(add.exit()).isZero();
            assertThat(run("", "user", "list").out()).isEqualTo("alice@example.test\nbob@localhost\n");
            assertThat(serve.isAlive()).isTrue();

            long start = System.nanoTime();
            serve.terminate();
            ChildProcess.Result stopped = serve.awaitExit(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            // 143: the JVM's exit status after SIGTERM (128 + 15), which the systemd unit counts as success.
            assertThat(stopped.exit()).isIn(0, 143);
            assertThat(stopped.out()).contains("Shutdown [facteur-shutdown] stopped");
        }
    }

    /** Every listener on a free loopback port, so that later builds with real listeners pass too. */
    private static String loopbackConfiguration() throws IOException {
        StringBuilder config = new StringBuilder("hostname = mail.example.test\n");
        for (Endpoint endpoint : Endpoint.values()) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                config.append(endpoint.key()).append(" = 127.0.0.1:").append(probe.getLocalPort()).append('\n');
            }
        }
        return config.toString();
    }
}
