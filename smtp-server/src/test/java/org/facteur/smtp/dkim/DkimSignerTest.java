package org.facteur.smtp.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our signatures checked by an independent verifier: python3-dkim (Debian's {@code python3-dkim},
 * which .ci/run installs), given the public record we would publish in place of a DNS lookup.
 */
class DkimSignerTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String MESSAGE = "From: Alice <alice@example.test>\r\nTo: bob@elsewhere.test\r\n"
            + "Subject: signed\r\nDate: Wed, 25 Nov 2026 18:00:00 +0000\r\nMessage-ID: <1@example.test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello Bob,\r\n\r\n"
            + ".a line with a dot\r\ntrailing spaces   \r\n\r\n\r\n";

    @TempDir
    Path data;
    DkimKeys keys;
    DkimSigner signer;

    @BeforeEach
    void setUp() {
        keys = DkimKeys.in(data);
        signer = new DkimSigner(keys, Clock.fixed(Instant.parse("2026-11-25T18:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aKeyIsMadeOnceAndKeptPrivate() throws IOException {
        assertThat(keys.ensure("Example.TEST")).isTrue();
        assertThat(keys.ensure("example.test")).isFalse();
        Path file = data.resolve("dkim/example.test/facteur.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(keys.publicRecord("example.test").orElseThrow()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(keys.publicRecord("other.test")).isEmpty();
    }

    @Test
    void pythonDkimVerifiesOurSignature() throws Exception {
        keys.ensure("example.test");
        byte[] signature = sign("alice@example.test", MESSAGE);
        String field = new String(signature, StandardCharsets.US_ASCII);
        assertThat(field).startsWith("DKIM-Signature:").contains("d=example.test").contains("s=facteur")
                .contains("a=rsa-sha256").contains("c=relaxed/relaxed").endsWith("\r\n");
        // From once more than it occurs: no From can be added below the signature.
        assertThat(field.replaceAll("\\s", "")).contains("h=from:to:subject:date:message-id:mime-version:content-type:from;");

        assertThat(verify(field + MESSAGE)).isEqualTo("True");
        // An independent verifier that says no to a changed message proves it checked something.
        assertThat(verify(field + MESSAGE.replace("Hello Bob", "Hello Eve"))).isEqualTo("False");
        assertThat(verify(field + "From: mallory@evil.test\r\n" + MESSAGE)).isEqualTo("False");
    }

    @Test
    void theFromDomainSignsWhenWeHoldItsKeyElseTheEnvelopeSendersElseNone() throws Exception {
        assertThat(sign("alice@example.test", MESSAGE)).isEmpty();
        keys.ensure("lists.example.test");
        assertThat(new String(sign("bounces@lists.example.test", MESSAGE), StandardCharsets.US_ASCII))
                .contains("d=lists.example.test");
        keys.ensure("example.test");
        assertThat(new String(sign("bounces@lists.example.test", MESSAGE), StandardCharsets.US_ASCII))
                .contains("d=example.test");
        assertThat(sign("", "no header section at all")).isEmpty();
    }

    private byte[] sign(String sender, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        return signer.signature(sender, () -> new ByteArrayInputStream(bytes));
    }

    /** python3-dkim's verdict on the message, with our public record standing in for DNS. */
    private String verify(String signed) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "python3 is not installed");
        Path message = Files.write(data.resolve("signed.eml"), signed.getBytes(StandardCharsets.UTF_8));
        String script = "import sys, dkim\n"
                + "record = sys.argv[2].encode()\n"
                + "def dns(name, timeout=5):\n"
                + "    return record if name == b'facteur._domainkey.example.test.' or name == b'facteur._domainkey.lists.example.test.' else None\n"
                + "print(dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=dns))\n";
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, message.toString(),
                keys.publicRecord("example.test").orElseThrow()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeFalse(out.contains("No module named 'dkim'"), "python3-dkim is not installed");
        return out;
    }
}
