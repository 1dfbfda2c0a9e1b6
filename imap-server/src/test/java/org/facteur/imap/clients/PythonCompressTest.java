package org.facteur.imap.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.facteur.imap.support.TestServer.ALICE;
import static org.facteur.imap.support.TestServer.PASSWORD;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not ours speaks COMPRESS=DEFLATE: Python's imaplib with zlib's raw deflate
 * ({@code clients/imaplib_compress.py}) over implicit TLS, through IDLE and a multi-MB FETCH.
 */
class PythonCompressTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

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
    void imaplibWithZlibIdlesAndFetchesCompressed() throws Exception {
        assumeThat(Files.isExecutable(PYTHON)).as("python3 installed").isTrue();
        StringBuilder text = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < 80_000; i++) {
            text.append("line ").append(i).append(": ").append(Long.toString(i * 104729L, 36)).append("\r\n");
        }
        byte[] big = text.toString().getBytes(StandardCharsets.US_ASCII);
        long uid = server.deliver(ALICE, text.toString()).uid();
        Path script = dir.resolve("imaplib_compress.py");
        try (InputStream in = getClass().getResourceAsStream("/clients/imaplib_compress.py")) {
            Files.copy(in, script);
        }
        Process python = new ProcessBuilder(PYTHON.toString(), script.toString(), String.valueOf(server.imapsPort()),
                ALICE, PASSWORD, String.valueOf(uid)).redirectError(dir.resolve("stderr").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new java.io.OutputStreamWriter(python.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).as(() -> stderr()).isEqualTo("IDLING");
            server.deliver(ALICE, "Subject: pushed\r\n\r\nx\r\n");
            in.write("delivered\n");
            in.flush();
            String exists = out.readLine();
            assertThat(exists).as(() -> stderr()).startsWith("EXISTS ");
            assertThat(Integer.parseInt(exists.substring(7))).isLessThan(1000);
            String[] fetched = out.readLine().split(" ");
            assertThat(fetched[0]).as(() -> stderr()).isEqualTo("FETCHED");
            assertThat(Integer.parseInt(fetched[1])).isEqualTo(big.length);
            assertThat(fetched[2]).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
            assertThat(Long.parseLong(fetched[3])).isLessThan(big.length / 2);
        } finally {
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(python.exitValue()).as(() -> stderr()).isZero();
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
