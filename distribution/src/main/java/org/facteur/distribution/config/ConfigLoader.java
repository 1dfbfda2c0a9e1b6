package org.facteur.distribution.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code key = value} file and the command-line overrides into a {@link Config}. The
 * first problem stops the load with a {@link ConfigException} naming the file, the line and the
 * key.
 *
 * <p>Syntax: one setting per line; blank lines and lines starting with {@code #} are ignored; a
 * {@code #} after whitespace starts a comment; spaces around {@code =} and at both ends are
 * ignored; a key may appear once.
 */
public final class ConfigLoader {

    private final Defaults defaults;
    private final Map<Key<?>, Object> values = new HashMap<>();
    private final Map<Key<?>, Origin> origins = new HashMap<>();

    private ConfigLoader(Defaults defaults) {
        this.defaults = defaults;
    }

    /**
     * @param file the configuration file, if any
     * @param dataOverride {@code --data}, which wins over {@code data} in the file
     */
    public static Config load(Optional<Path> file, Optional<String> dataOverride, Defaults defaults) {
        ConfigLoader loader = new ConfigLoader(defaults);
        file.ifPresent(loader::readFile);
        dataOverride.ifPresent(loader::overrideData);
        loader.checkTlsPair();
        loader.checkListenersDistinct();
        return new Config(loader.values, loader.origins, defaults);
    }

    private void readFile(Path file) {
        String name = file.toString();
        String text = read(file);
        Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("/"));
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            readLine(lines[i], Origin.line(name, i + 1), base);
        }
    }

    private void readLine(String rawLine, Origin origin, Path base) {
        String line = withoutComment(rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine).strip();
        if (line.isEmpty()) {
            return;
        }
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw new ConfigException(origin + ": expected \"key = value\", found " + Values.quote(line));
        }
        String name = line.substring(0, equals).strip();
        String text = line.substring(equals + 1).strip();
        Key<?> key = ConfigKeys.byName(name).orElseThrow(() -> new ConfigException(
                origin + ": unknown key " + Values.quote(name) + KeySuggestion.forName(name)));
        if (origins.containsKey(key)) {
            throw new ConfigException(origin.error(name, "already set on " + origins.get(key)));
        }
        set(key, text, base, origin);
    }

    private void overrideData(String directory) {
        try {
            values.put(ConfigKeys.DATA, Path.of(directory).toAbsolutePath().normalize());
            origins.put(ConfigKeys.DATA, Origin.commandLine("--data"));
        } catch (InvalidPathException e) {
            throw new ConfigException("--data: " + Values.quote(directory) + " is not a valid path");
        }
    }

    private void set(Key<?> key, String text, Path base, Origin origin) {
        try {
            values.put(key, key.parser().parse(text, base));
            origins.put(key, origin);
        } catch (InvalidValue e) {
            throw new ConfigException(origin.error(key.name(), e.getMessage()));
        }
    }

    private void checkTlsPair() {
        boolean cert = isSetToAFile(ConfigKeys.TLS_CERT);
        boolean key = isSetToAFile(ConfigKeys.TLS_KEY);
        if (cert != key) {
            Key<?> set = cert ? ConfigKeys.TLS_CERT : ConfigKeys.TLS_KEY;
            Key<?> missing = cert ? ConfigKeys.TLS_KEY : ConfigKeys.TLS_CERT;
            throw new ConfigException(origins.get(set).error(set.name(), "is set but " + missing.name()
                    + " is not (set both, or neither for a self-signed certificate)"));
        }
    }

    private boolean isSetToAFile(Key<Optional<Path>> key) {
        return values.containsKey(key) && ((Optional<?>) values.get(key)).isPresent();
    }

    /** Two listeners on one address would fail at start-up with a less clear "address in use". */
    private void checkListenersDistinct() {
        Config config = new Config(values, origins, defaults);
        Map<Endpoint, InetSocketAddress> used = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : Endpoint.values()) {
            Optional<InetSocketAddress> address = config.listen(endpoint);
            if (address.isEmpty()) {
                continue;
            }
            for (Map.Entry<Endpoint, InetSocketAddress> earlier : used.entrySet()) {
                if (shareAnAddress(address.get(), earlier.getValue())) {
                    Key<?> key = ConfigKeys.listen(endpoint);
                    Key<?> otherKey = ConfigKeys.listen(earlier.getKey());
                    Origin where = config.isSet(key) ? config.origin(key) : config.origin(otherKey);
                    throw new ConfigException(where.error(key.name(), "the address is also used by "
                            + otherKey.name() + " (" + config.origin(otherKey) + ")"));
                }
            }
            used.put(endpoint, address.get());
        }
    }

    /**
     * The same port on the same address, or on a wildcard ({@code *}, 0.0.0.0, [::]), which takes the
     * port on every address: Linux refuses the second bind even with SO_REUSEADDR.
     */
    private static boolean shareAnAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && (a.getAddress().equals(b.getAddress())
                || a.getAddress().isAnyLocalAddress() || b.getAddress().isAnyLocalAddress());
    }

    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": cannot read the configuration file (permission denied)");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": the configuration file is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration file (" + e.getMessage() + ")");
        }
    }
}
