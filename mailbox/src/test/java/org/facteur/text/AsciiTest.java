package org.facteur.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiTest {

    @Test
    void onlyCharactersBelow0x80AreAscii() {
        assertThat(Ascii.isAscii("")).isTrue();
        assertThat(Ascii.isAscii("alice@example.test \u007f")).isTrue();
        assertThat(Ascii.isAscii("b\u00fccher.example")).isFalse();
        assertThat(Ascii.isAscii("\u0080")).isFalse();
        assertThat(Ascii.isAscii("例え")).isFalse();
    }
}
