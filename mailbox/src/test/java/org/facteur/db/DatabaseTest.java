package org.facteur.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    /** 127.0.0.1, ::ffff:127.0.0.1 and ::1 as /proc/net/tcp{,6} write them. */
    private static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F",
            "00000000000000000000000001000000");

    @TempDir
    Path dataDir;

    @Test
    void autoServerListensOnLoopbackOnly() throws Exception {
        try (Database db = Database.open(dataDir); Connection c = db.connection()) {
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(dataDir.resolve("directory/facteur.lock.db"))) {
                lock.load(r);
            }
            // The lock file tells other processes where the auto-server listens.
            String server = lock.getProperty("server");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(listeningAddresses(port)).isNotEmpty().allMatch(LOOPBACK::contains);
        }
    }

    /** The local addresses (as the kernel writes them) listening on a TCP port. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                // f[1] is local address:port, f[3] the state; 0A is LISTEN.
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    addresses.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    @Test
    void directoryAndIndexAreSeparateDatabases() throws Exception {
        try (Database directory = Database.open(dataDir); Database index = Database.openIndex(dataDir);
             Connection a = directory.connection(); Connection b = index.connection()) {
            assertThat(Files.exists(dataDir.resolve("directory/facteur.mv.db"))).isTrue();
            assertThat(Files.exists(dataDir.resolve("index/facteur.mv.db"))).isTrue();
        }
    }
}
