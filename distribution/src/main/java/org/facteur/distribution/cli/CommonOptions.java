package org.facteur.distribution.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigException;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;

import picocli.CommandLine.Option;

/** The options every command takes: which configuration and data directory, and how much to log. */
public final class CommonOptions {

    /** Read when {@code --config} is absent: lets an installation name its file once (systemd, a profile). */
    static final String CONFIG_VARIABLE = "FACTEUR_CONFIG";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (key = value lines). Default: $FACTEUR_CONFIG if set, else built-in defaults.")
    String config;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory; overrides 'data' in the configuration file. Default: ./data")
    String data;

    @Option(names = {"-v", "--verbose"}, description = "Log debug events (and the details of unexpected errors).")
    boolean verbose;

    public Config load() {
        return ConfigLoader.load(configFile(), Optional.ofNullable(data), Defaults.ofThisMachine());
    }

    Optional<Path> configFile() {
        String file = config != null ? config : System.getenv(CONFIG_VARIABLE);
        if (file == null || file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(file));
        } catch (InvalidPathException e) {
            throw new ConfigException("--config: \"" + file + "\" is not a valid path");
        }
    }

    /** These options as typed, to repeat them in a hint such as "add a user: ...". */
    List<String> asArguments() {
        List<String> arguments = new ArrayList<>();
        if (config != null) {
            arguments.add("--config " + config);
        }
        if (data != null) {
            arguments.add("--data " + data);
        }
        return arguments;
    }
}
