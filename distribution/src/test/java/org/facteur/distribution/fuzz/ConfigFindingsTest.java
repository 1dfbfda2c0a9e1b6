package org.facteur.distribution.fuzz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.facteur.distribution.config.ConfigException;
import org.facteur.distribution.config.ConfigLoader;
import org.facteur.distribution.config.Defaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ConfigFuzzTest} found. */
class ConfigFindingsTest {

    @TempDir
    Path dir;

    /**
     * A listener on one address and another on the wildcard with the same port passed the check,
     * then failed at start-up with "address already in use" (Linux refuses the second bind): the
     * default {@code listen.imap} is {@code *:2143}, so this one line was enough.
     */
    @Test
    void aListenerOnTheSamePortAsAWildcardListenerIsRefused() throws IOException {
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "listen.smtp = 127.0.0.1:2143\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Optional.empty(),
                new Defaults(false, () -> "mail.example.test")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":1: listen.imap: the address is also used by listen.smtp (" + file + ":1)");
    }

    /**
     * A CR or a NUL inside a value went raw into the error line: the terminal showed the line
     * overwritten by its own end (found by fuzzing: crash-control-characters-in-value.conf).
     */
    @Test
    void controlCharactersInAValueAreEscapedInTheError() throws IOException {
        Path file = dir.resolve("facteur.conf");
        Files.writeString(file, "queue.retry = 5\u0000x\r0s\u001b[2J\n"); // ESC [2J: clear the screen
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Optional.empty(),
                new Defaults(false, () -> "mail.example.test")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":1: queue.retry: \"5\\u0000x\\r0s\\u001b[2J\" is not a duration (use a number with s, m, h or d)");
    }
}
