package org.facteur.distribution.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real mail client installed on the machine (curl, swaks, mbsync, fetchmail, python3), run as a
 * child process. Where one is missing its tests are skipped on a developer's machine; CI installs
 * them all and sets {@code FACTEUR_REQUIRE_CLIENTS=1}, and there a missing client fails the test,
 * so that a broken install step cannot turn the suite silently green.
 */
public final class ExternalClient {

    private final Path executable;

    private ExternalClient(Path executable) {
        this.executable = executable;
    }

    /** The client named {@code name} on the PATH (Debian's /usr/bin first), or the test is skipped (or fails in CI). */
    public static ExternalClient require(String name) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin", name)));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return new ExternalClient(candidate);
            }
        }
        String missing = name + " is not installed (.ci/run installs it)";
        if ("1".equals(System.getenv("FACTEUR_REQUIRE_CLIENTS"))) {
            throw new AssertionError(missing);
        }
        Assumptions.abort(missing);
        return null;
    }

    /** What a run printed, and how it ended. */
    public record Result(int exit, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Asserts a zero exit, showing what the client said otherwise. */
        public Result succeeded() {
            assertThat(exit).as("exit status; stderr: %s; stdout: %s", stderr, out()).isZero();
            return this;
        }
    }

    /** Runs the client with these arguments and this standard input, killing it past the timeout. */
    public Result run(Path workingDirectory, byte[] stdin, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException closedEarly) {
                // the client did not read all of it; its exit status and output say why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(executable.getFileName() + " " + arguments[0] + "... did not finish within "
                        + timeout + "; stderr: " + new String(err.join(), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts the client in the background; the caller reads its output and ends it. */
    public Process start(Path workingDirectory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
