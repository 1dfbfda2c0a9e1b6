package org.facteur.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball the package phase built: its entries, and its launcher run from an unpacked copy. */
class TarballLauncherTest {

    private static Path tarball() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("facteur-.*\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no facteur-*.tar.gz in target/")).toAbsolutePath();
        }
    }

    private static String top() throws IOException {
        return tarball().getFileName().toString().replace(".tar.gz", "");
    }

    @Test
    void containsTheLauncherLibrariesExampleConfigurationAndSystemdUnit(@TempDir Path dir) throws Exception {
        ChildProcess.Result listing = ChildProcess.run(dir, "", List.of("tar", "-tvzf", tarball().toString()));
        assertThat(listing.exit()).isZero();
        String top = top();

        assertThat(listing.out()).containsPattern("-rwxr-xr-x .* " + top + "/bin/facteur\n")
                .contains(top + "/conf/facteur.conf\n")
                .contains(top + "/systemd/facteur.service\n")
                .contains(top + "/README.md\n")
                .containsPattern(top + "/lib/facteur-distribution-.*\\.jar\n")
                .containsPattern(top + "/lib/facteur-listener-.*\\.jar\n")
                .containsPattern(top + "/lib/facteur-imap-server-.*\\.jar\n")
                .containsPattern(top + "/lib/facteur-mailbox-[0-9.]+(-SNAPSHOT)?\\.jar\n")
                .containsPattern(top + "/lib/picocli-.*\\.jar\n")
                .doesNotContain("junit").doesNotContain("-tests.jar");
    }

    @Test
    void theUnpackedLauncherRunsWithoutMaven(@TempDir Path dir) throws Exception {
        assertThat(ChildProcess.run(dir, "", List.of("tar", "-xzf", tarball().toString())).exit()).isZero();
        Path launcher = dir.resolve(top()).resolve("bin/facteur");

        ChildProcess.Result help = ChildProcess.run(dir, "", List.of(launcher.toString(), "--help"));
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: facteur").contains("serve", "domain", "user", "alias", "queue", "dns");

        ChildProcess.Result domains = ChildProcess.run(dir, "", List.of(launcher.toString(), "domain", "list",
                "--data", dir.resolve("data").toString()));
        assertThat(domains.err()).isEmpty();
        assertThat(domains.exit()).isZero();
    }

    @Test
    void aCollectorNamedInJavaOptsReplacesTheLaunchersOwn(@TempDir Path dir) throws Exception {
        assertThat(ChildProcess.run(dir, "", List.of("tar", "-xzf", tarball().toString())).exit()).isZero();
        String launcher = dir.resolve(top()).resolve("bin/facteur").toString();

        // The JVM prints the flags it was given before the command's own output.
        ChildProcess.Result own = ChildProcess.run(dir, "", List.of("env", "JAVA_OPTS=-XX:+PrintCommandLineFlags",
                launcher, "--help"));
        assertThat(own.exit()).isZero();
        assertThat(own.out()).contains("-XX:+UseSerialGC");
        ChildProcess.Result notACollector = ChildProcess.run(dir, "", List.of("env",
                "JAVA_OPTS=-XX:+UseGCOverheadLimit -XX:+PrintCommandLineFlags", launcher, "--help"));
        assertThat(notACollector.exit()).isZero();
        assertThat(notACollector.out()).contains("-XX:+UseSerialGC");

        // Two collectors would stop the JVM before it starts ("Multiple garbage collectors selected").
        ChildProcess.Result chosen = ChildProcess.run(dir, "", List.of("env",
                "JAVA_OPTS=-XX:+UseG1GC -XX:+PrintCommandLineFlags", launcher, "--help"));
        assertThat(chosen.err()).doesNotContain("garbage collectors");
        assertThat(chosen.exit()).isZero();
        assertThat(chosen.out()).contains("-XX:+UseG1GC").doesNotContain("UseSerialGC").contains("Usage: facteur");
    }
}
