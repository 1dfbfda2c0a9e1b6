package org.facteur.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SummaryCodecTest {

    static byte[] typical() throws IOException {
        try (InputStream in = SummaryCodecTest.class.getResourceAsStream("/mime/typical.eml")) {
            return in.readAllBytes();
        }
    }

    static List<byte[]> allSamples() throws IOException {
        List<byte[]> samples = new ArrayList<>();
        for (String s : Samples.all()) {
            samples.add(Samples.crlf(s));
        }
        samples.add(typical());
        return samples;
    }

    @Test
    void roundTripIsExactForEverySample() throws IOException {
        for (byte[] message : allSamples()) {
            MessageSummary summary = MessageParser.parse(message);
            byte[] encoded = summary.encode();
            assertThat(MessageSummary.decode(encoded)).isEqualTo(summary);
            assertThat(MessageSummary.decode(encoded).encode()).isEqualTo(encoded);
        }
    }

    @Test
    void typicalSummaryIsAFewHundredBytes() throws IOException {
        byte[] message = typical();
        MessageSummary summary = MessageParser.parse(message);
        assertThat(summary.root().children()).hasSize(2);
        assertThat(summary.search().subject()).isEqualTo("Re: Planning r\u00e9union de janvier");
        assertThat(summary.encode().length).isLessThan(600);
    }

    @Test
    void formatStartsWithItsVersion() {
        byte[] encoded = MessageParser.parse(Samples.crlf(Samples.SIMPLE)).encode();
        assertThat(encoded[0]).isEqualTo((byte) SummaryCodec.VERSION);
        encoded[0] = 99;
        assertThatThrownBy(() -> MessageSummary.decode(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void corruptBlobsFailWithIllegalArgumentOnly() throws IOException {
        byte[] encoded = MessageParser.parse(typical()).encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> MessageSummary.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] damaged = encoded.clone();
            damaged[1 + random.nextInt(damaged.length - 1)] = (byte) random.nextInt(256);
            try {
                MessageSummary.decode(damaged);
            } catch (IllegalArgumentException expected) {
                // fine: anything else (or an OutOfMemoryError) would fail the test
            }
        }
    }
}
