package org.facteur.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One H2 database of a data directory (the directory or the mailbox index): a connection pool
 * and per-component schema versions.
 *
 * <p>The database runs in H2's auto-server mode: the first process that opens the file serves it
 * to the others over loopback TCP, so {@code facteur serve} and the admin commands can share one
 * data directory, and a change made by one is visible to the other at its next query (the
 * server listens on loopback only: see the static initialiser). With
 * {@code AUTO_RECONNECT}, when the process that owns the file exits, the survivors reopen it
 * themselves.
 */
public final class Database implements AutoCloseable {

    static {
        // H2's auto-server listens on every interface unless told otherwise; the database is
        // for this machine's facteur processes only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private static final int MAX_CONNECTIONS = 64;

    private final ConnectionPool pool;

    private Database(String url) {
        this.pool = new ConnectionPool(url, "facteur", MAX_CONNECTIONS);
        execute("CREATE TABLE IF NOT EXISTS schema_versions("
                + "component VARCHAR(64) PRIMARY KEY, version INT NOT NULL)");
    }

    /**
     * Opens (creating if needed) the directory database in {@code dataDir/directory}: domains,
     * users and aliases. It is authoritative (back it up); the mailbox index is not.
     */
    public static Database open(Path dataDir) {
        return openFile(dataDir.resolve("directory"), "");
    }

    /**
     * Opens (creating if needed) the mailbox index in {@code dataDir/index}. Everything in it can
     * be rebuilt from the Maildir files, so deleting it loses nothing but time.
     */
    public static Database openIndex(Path dataDir) {
        return openFile(dataDir.resolve("index"), ";CACHE_SIZE=" + INDEX_CACHE_KB);
    }

    /**
     * H2's page cache for the mailbox index, in KB (H2's default is 16 MB). SORT and THREAD scan
     * a mailbox's sort keys; on 100,000 messages, with 16 or 32 MB the scan kept missing the
     * cache (SORT (DATE) 1.3-1.4 s, pages read again each time), with 64 MB it stays in memory
     * (0.25 s). The cache grows only with what is read, so small mailboxes do not pay for it.
     */
    private static final int INDEX_CACHE_KB = 64 * 1024;

    /**
     * Parsed statements H2 keeps per connection (its default is 8). A store append uses 4, an
     * SMTP transaction's directory lookups about as many, an IMAP session a dozen more; with 8 they
     * pushed each other out and were parsed again ({@link ConnectionPool} says why that matters).
     */
    private static final int STATEMENTS_KEPT = 64;

    private static Database openFile(Path dir, String settings) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + dir, e);
        }
        String file = dir.toAbsolutePath().resolve("facteur").toString();
        return new Database("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;QUERY_CACHE_SIZE="
                + STATEMENTS_KEPT + settings);
    }

    /** A private in-memory database, for unit tests of one component. */
    public static Database inMemory(String name) {
        return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    /**
     * Makes everything committed so far durable. H2 2.3 never fsyncs on its own, not at commit
     * and not at close: its background writer puts commits in the file within about 500 ms, and
     * only {@code CHECKPOINT SYNC} forces the file to the disk. The directory, which cannot be
     * rebuilt, calls this after each change (they are rare); the mailbox index needs no such
     * cost, being rebuilt from the files.
     */
    public static void syncToDisk(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
    }

    public Connection connection() throws SQLException {
        return pool.connection();
    }

    /**
     * Brings a component's tables to {@code version}, running each missing
     * {@code resourcePrefix + N + ".sql"} script (statements separated by ";" at line end) in
     * order, from the class path of {@code owner}. Returns the version found before, so that the
     * caller can fill what a script cannot compute.
     */
    public synchronized int migrate(Class<?> owner, String component, int version, String resourcePrefix) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            int current = currentVersion(c, component);
            for (int v = current + 1; v <= version; v++) {
                String resource = resourcePrefix + v + ".sql";
                try (Statement s = c.createStatement()) {
                    for (String sql : readScript(owner, resource).split(";\\s*\\n")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "MERGE INTO schema_versions(component, version) KEY(component) VALUES(?, ?)")) {
                    p.setString(1, component);
                    p.setInt(2, v);
                    p.executeUpdate();
                }
            }
            c.commit();
            return current;
        } catch (SQLException e) {
            throw new IndexException("cannot bring the " + component + " schema to version " + version, e);
        }
    }

    private static int currentVersion(Connection c, String component) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM schema_versions WHERE component = ?")) {
            p.setString(1, component);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    private static String readScript(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void execute(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IndexException("cannot initialise the index database", e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
