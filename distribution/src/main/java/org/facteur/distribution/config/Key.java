package org.facteur.distribution.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * One configuration key: its name, how its text becomes a value, and its default.
 *
 * @param <T> the type of its value
 */
public record Key<T>(String name, Parser<T> parser, Function<Defaults, T> defaultValue) {

    /** Turns the text after "=" into a value; {@code base} is the configuration file's directory. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text, Path base) throws InvalidValue;
    }

    @Override
    public String toString() {
        return name;
    }
}
