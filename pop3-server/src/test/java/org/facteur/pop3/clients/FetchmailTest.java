package org.facteur.pop3.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.pop3.support.TestServer.ALICE;
import static org.facteur.pop3.support.TestServer.ALICE_PASSWORD;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.facteur.pop3.support.TestServer;
import org.facteur.pop3.support.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's fetchmail over TLS (implicit, then STLS), verifying the certificate, delivering to a
 * script that keeps each message. Skipped where fetchmail is not installed; CI installs it.
 * fetchmail hands messages to its MDA with LF line ends and the byte-stuffing undone, so the
 * comparison is with the stored bytes in that form.
 */
class FetchmailTest {

    private static final Path FETCHMAIL = Path.of("/usr/bin/fetchmail");

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    TestServer server;
    final List<byte[]> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(FETCHMAIL), "fetchmail is not installed");
        server = new TestServer(dataDir).start();
        messages.add("From: bob@example.org\r\nSubject: one\r\n\r\nHello\r\n.\r\n.leading dot\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder big = new StringBuilder("From: bob@example.org\r\nSubject: two\r\n\r\n");
        for (int i = 0; big.length() < 200_000; i++) {
            big.append(i % 5 == 0 ? ".." : "").append("line ").append(i).append("\r\n");
        }
        messages.add(big.toString().getBytes(StandardCharsets.US_ASCII));
        messages.forEach(m -> server.deliver(ALICE, m));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fetchesOverImplicitTls() throws Exception {
        runFetchmail(server.pop3sPort(), "ssl");
        assertDelivered();
    }

    @Test
    void fetchesOverStls() throws Exception {
        runFetchmail(server.pop3Port(), "sslproto 'TLS1.2+'");
        assertDelivered();
    }

    private void runFetchmail(int port, String tlsOption) throws IOException, InterruptedException {
        Path out = Files.createDirectories(work.resolve("out"));
        Path mda = work.resolve("deliver.sh");
        Files.writeString(mda, "#!/bin/sh\nexec cat > \"$(mktemp -p '" + out + "' msg.XXXXXXXX)\"\n");
        Files.setPosixFilePermissions(mda, PosixFilePermissions.fromString("rwx------"));
        Path cert = TestTls.get().writeCertificatePem(work.resolve("cert.pem"));
        Path rc = work.resolve("fetchmailrc");
        Files.writeString(rc, "poll 127.0.0.1 service " + port + " protocol POP3 uidl\n"
                + "  user '" + ALICE + "' password '" + ALICE_PASSWORD + "'\n"
                + "  " + tlsOption + " sslcertck sslcertfile '" + cert + "' sslcommonname localhost\n"
                + "  mda '" + mda + "'\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        ProcessBuilder pb = new ProcessBuilder(FETCHMAIL.toString(), "-f", rc.toString(), "--fetchall", "--nokeep",
                "--invisible", "--nosyslog", "-v")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("fetchmail.log").toFile());
        pb.environment().put("HOME", work.toString());
        pb.environment().put("FETCHMAILHOME", work.toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(work.resolve("fetchmail.log"));
        assertThat(p.exitValue()).as(log).isZero();
    }

    private void assertDelivered() throws IOException {
        List<String> got;
        try (Stream<Path> files = Files.list(work.resolve("out"))) {
            got = files.map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
        }
        List<String> expected = messages.stream()
                .map(m -> new String(m, StandardCharsets.US_ASCII).replace("\r\n", "\n")).sorted().toList();
        assertThat(got).isEqualTo(expected);
        // --nokeep: fetchmail deleted them, and the store saw it
        assertThat(server.store().messages(server.inbox(ALICE))).isEmpty();
    }
}
