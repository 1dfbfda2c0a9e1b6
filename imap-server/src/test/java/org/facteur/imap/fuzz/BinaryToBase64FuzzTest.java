package org.facteur.imap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.facteur.imap.append.BinaryToBase64;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * What APPEND does to a literal8 message ({@link BinaryToBase64}), on arbitrary octets: it never
 * fails; converting its output again changes nothing (no binary leaf is left, and what it kept
 * it keeps); a message without the letter y, which cannot name the binary encoding even with
 * quoted-pair escapes, passes byte for byte. Seeds and past findings:
 * {@code src/test/resources/org/facteur/imap/fuzz/BinaryToBase64FuzzTestInputs/convert/}.
 */
class BinaryToBase64FuzzTest {

    // No CR, LF or tab: Jazzer 0.24.0 writes them unescaped and libFuzzer refuses the dictionary.
    @DictionaryEntries({"--", "Content-Type: ", "multipart/mixed", "message/rfc822", "; boundary=", "boundary=\"",
        "Content-Transfer-Encoding: ", "binary", "BINARY", "base64", "\"", "(", ")"})
    @FuzzTest(maxDuration = "60s")
    void convert(byte[] message) throws IOException {
        byte[] once = run(message);
        assertThat(run(once)).isEqualTo(once);
        boolean namesBinary = false;
        for (byte b : message) {
            namesBinary |= b == 'y' || b == 'Y';
        }
        if (!namesBinary) {
            assertThat(once).isEqualTo(message);
        }
    }

    private static byte[] run(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryToBase64.convert(new ByteArrayInputStream(message), out);
        return out.toByteArray();
    }
}
