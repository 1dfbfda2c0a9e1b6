package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole-array decoders must give what Mime4j's streaming decoders give, broken input included. */
class TransferDecodingTest {

    private static String whole(String raw, String encoding) {
        return new String(TransferDecoding.whole(raw.getBytes(StandardCharsets.ISO_8859_1), encoding),
                StandardCharsets.ISO_8859_1);
    }

    private static String streamed(String raw, String encoding) throws IOException {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        return new String(TransferDecoding.streaming(new ByteArrayInputStream(bytes), encoding).readAllBytes(),
                StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> quotedPrintableSamples() {
        return Stream.of(
                Arguments.of("caf=E9 cr=e8me", "café crème"),
                Arguments.of("hippo=\r\npotamus", "hippopotamus"),
                Arguments.of("soft with blanks= \t\r\nnext", "soft with blanksnext"),
                Arguments.of("bare lf=\nsoft", "bare lfsoft"),
                Arguments.of("ends with =", "ends with "),
                Arguments.of("not hex =ZZ here", "not hex =ZZ here"),
                Arguments.of("half =4", "half =4"),
                Arguments.of("equals =3D sign", "equals = sign"),
                Arguments.of("line one\r\nline two", "line one\r\nline two"));
    }

    @ParameterizedTest
    @MethodSource("quotedPrintableSamples")
    void quotedPrintable(String raw, String decoded) {
        assertThat(whole(raw, "quoted-printable")).isEqualTo(decoded);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "R3LDvMOfZQ==",
        "R3LD\r\nvMOf\r\nZQ==",
        "R3LDvMOfZQ",
        "R3LDvMOfZQ=",
        "R3LD*vMOf!ZQ==",
        "R3LDvMOfZQ==trailing",
    })
    void base64DecodesAsMime4jDoes(String raw) throws IOException {
        assertThat(whole(raw, "base64")).isEqualTo(streamed(raw, "base64"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"7bit", "8bit", "binary", "x-unknown"})
    void otherEncodingsAreTheBytes(String encoding) {
        assertThat(whole("as =E9 is", encoding)).isEqualTo("as =E9 is");
    }
}
