package org.facteur.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;

import org.junit.jupiter.api.Test;

class PasswordInputTest {

    private static String read(byte[] bytes) {
        return new String(PasswordInput.fromStdin(new ByteArrayInputStream(bytes)));
    }

    @Test
    void takesTheFirstLineWithoutItsEnding() {
        assertThat(read("pass word\nsecond line\n".getBytes())).isEqualTo("pass word");
        assertThat(read("crlf\r\n".getBytes())).isEqualTo("crlf");
        assertThat(read("no newline".getBytes())).isEqualTo("no newline");
    }

    @Test
    void keepsOtherWhitespaceAndUnicode() {
        assertThat(read(" mot de passe é \n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(" mot de passe é ");
    }

    @Test
    void refusesNoInputAndBadUtf8() {
        assertThatThrownBy(() -> read(new byte[0])).hasMessage("no password on standard input");
        assertThatThrownBy(() -> read(new byte[] {(byte) 0xff, '\n'})).hasMessage("the password on standard input is not UTF-8 text");
    }

    @Test
    void withoutConsoleAsksForStdin() {
        assertThatThrownBy(() -> PasswordInput.fromConsole(null, "a@b.test"))
                .hasMessageContaining("--password-stdin");
    }
}
