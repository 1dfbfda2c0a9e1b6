package org.facteur.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

import org.facteur.distribution.config.ConfigKeys;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.facteur.distribution.config.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the tarball ships say what README.md says. */
class ExampleFilesTest {

    private static final Path CONF = Path.of("src/dist/conf/facteur.conf");
    private static final Path UNIT = Path.of("src/dist/systemd/facteur.service");

    @Test
    void theExampleConfigurationShowsEveryKey() throws Exception {
        String conf = Files.readString(CONF);

        for (Key<?> key : ConfigKeys.all()) {
            assertThat(conf).containsPattern("(?m)^# " + java.util.regex.Pattern.quote(key.name()) + " +=");
        }
    }

    @Test
    void theExampleConfigurationLoadsAsIsAndWithEveryKeyUncommented(@TempDir Path dir) throws Exception {
        Path asIs = Files.copy(CONF, dir.resolve("as-is.conf"));
        String uncommented = Files.readAllLines(CONF).stream()
                .map(line -> line.matches("^# [a-z0-9_.]+ +=.*") ? line.substring(2) : line)
                .collect(Collectors.joining("\n"));
        Path everyKey = Files.writeString(dir.resolve("every-key.conf"), uncommented);
        Defaults defaults = new Defaults(false, () -> "localhost");

        ConfigLoader.load(Optional.of(asIs), Optional.empty(), defaults);
        var config = ConfigLoader.load(Optional.of(everyKey), Optional.empty(), defaults);

        assertThat(config.isSet(ConfigKeys.QUEUE_RETRY)).isTrue();
        assertThat(config.messageMaxSize()).isEqualTo(26_214_400L);
    }

    @Test
    void theSystemdUnitRunsUnprivilegedWithOnlyTheBindCapability() throws Exception {
        String unit = Files.readString(UNIT);

        assertThat(unit.lines()).contains("User=facteur", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "NoNewPrivileges=true", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/facteur", "Restart=on-failure",
                "ExecStart=/opt/facteur/bin/facteur serve --config /etc/facteur/facteur.conf");
    }
}
