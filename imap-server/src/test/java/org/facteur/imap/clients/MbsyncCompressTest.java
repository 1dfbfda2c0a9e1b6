package org.facteur.imap.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.facteur.imap.support.TestServer.ALICE;
import static org.facteur.imap.support.TestServer.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * isync's mbsync, which turns COMPRESS=DEFLATE on by itself when the server offers it, mirrors
 * an INBOX over implicit TLS: its debug output shows the COMPRESS exchange, and the messages it
 * writes are the stored ones (with the LF line ends and X-TUID field isync adds).
 */
class MbsyncCompressTest {

    static final Path MBSYNC = Path.of("/usr/bin/mbsync");

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void mbsyncNegotiatesCompressionAndMirrorsTheInbox() throws Exception {
        assumeThat(Files.isExecutable(MBSYNC)).as("mbsync installed").isTrue();
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < 20_000; i++) {
            big.append("line ").append(i).append(" of a message mbsync fetches compressed\r\n");
        }
        List<String> sent = List.of("Subject: small\r\n\r\nhello\r\n", big.toString());
        sent.forEach(m -> server.deliver(ALICE, m));

        Path certificate = dir.resolve("cert.pem");
        Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                        TestServer.tls().certificateChain().get(0).getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Path near = Files.createDirectories(dir.resolve("near"));
        Path rc = Files.writeString(dir.resolve("mbsyncrc"), String.join("\n",
                "IMAPAccount facteur", "Host localhost", "Port " + server.imapsPort(), "User " + ALICE,
                "Pass \"" + PASSWORD + "\"", "SSLType IMAPS", "CertificateFile " + certificate, "",
                "IMAPStore far", "Account facteur", "",
                "MaildirStore near", "Path " + near + "/", "Inbox " + near.resolve("INBOX"), "",
                "Channel inbox", "Far :far:INBOX", "Near :near:INBOX", "Create Near", "Expunge None",
                "SyncState *", ""));
        Path log = dir.resolve("mbsync.log");
        Process mbsync = new ProcessBuilder(MBSYNC.toString(), "-c", rc.toString(), "-Dn", "inbox")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(mbsync.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(mbsync.exitValue()).as(output.length() > 4000 ? output.substring(output.length() - 4000) : output)
                .isZero();
        assertThat(output).contains("COMPRESS DEFLATE").containsPattern("\\d+ OK DEFLATE active");

        List<String> mirrored = new ArrayList<>();
        try (Stream<Path> files = Files.list(near.resolve("INBOX/cur"))) {
            for (Path file : files.toList()) {
                mirrored.add(Files.readString(file, StandardCharsets.ISO_8859_1).replaceFirst("X-TUID: [^\n]*\n", ""));
            }
        }
        try (Stream<Path> files = Files.list(near.resolve("INBOX/new"))) {
            for (Path file : files.toList()) {
                mirrored.add(Files.readString(file, StandardCharsets.ISO_8859_1).replaceFirst("X-TUID: [^\n]*\n", ""));
            }
        }
        assertThat(mirrored).containsExactlyInAnyOrderElementsOf(sent.stream().map(m -> m.replace("\r\n", "\n")).toList());
    }
}
