package org.facteur.imap.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.facteur.mailbox.Flags;
import org.junit.jupiter.api.Test;

/**
 * Bodies of random bytes, biased toward what the decoders treat specially ({@code = < & ; - !}),
 * under every transfer encoding and some charsets: BODY and TEXT must answer, never throw.
 */
class RandomContentTest {

    private static final String[] ENCODINGS = {"7bit", "8bit", "binary", "base64", "quoted-printable", "x-uue"};
    private static final String[] CHARSETS = {"utf-8", "us-ascii", "iso-8859-1", "utf-16", "shift_jis", "no-such", "\"\""};
    private static final byte[] SPECIAL = "=<>&;#-!/\"'\r\n \tABCabc019+xX".getBytes(StandardCharsets.US_ASCII);

    @Test
    void randomBodiesNeverBreakTheSearch() {
        Random random = new Random(7);
        SearchRequest[] programs = {
            SearchRequest.parse(TestArgs.of("BODY abc")),
            SearchRequest.parse(TestArgs.of("TEXT \"a=b\"")),
            SearchRequest.parse(TestArgs.of("OR BODY <x> HEADER Subject é")),
        };
        int matched = 0;
        for (int i = 0; i < 600; i++) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            String subtype = random.nextBoolean() ? "html" : "plain";
            message.writeBytes(("Subject: r" + i + "\r\nContent-Type: text/" + subtype + "; charset="
                    + CHARSETS[random.nextInt(CHARSETS.length)] + "\r\nContent-Transfer-Encoding: "
                    + ENCODINGS[random.nextInt(ENCODINGS.length)] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int length = random.nextInt(random.nextInt(10) == 0 ? 100_000 : 300);
            for (int b = 0; b < length; b++) {
                message.write(random.nextInt(3) == 0 ? random.nextInt(256) : SPECIAL[random.nextInt(SPECIAL.length)]);
            }
            TestMessage target = new TestMessage(1, 1, Flags.NONE, Instant.EPOCH, message.toByteArray(), false);
            for (SearchRequest program : programs) {
                if (program.matches(target, 1, 1)) {
                    matched++;
                }
            }
        }
        // Some random bodies do hold the strings: the decoders ran to the end of them.
        assertThat(matched).isPositive();
    }
}
