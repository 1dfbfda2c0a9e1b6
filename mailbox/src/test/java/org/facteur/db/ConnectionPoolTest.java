package org.facteur.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.jdbc.JdbcPreparedStatement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {

    private static final String INSERT = "INSERT INTO t(id) VALUES(?)";

    @TempDir
    Path dir;

    private ConnectionPool pool;

    @BeforeEach
    void open() throws SQLException {
        pool = new ConnectionPool("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "facteur", 4);
        try (Connection c = pool.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id BIGINT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    /**
     * The reason for the class: H2's own pool rolled back each returned connection, which made
     * every prepareStatement parse its SQL again. White-box: it looks at H2's parsed command.
     */
    @Test
    void aStatementIsParsedOnceAcrossCheckoutsAndCommits() throws Exception {
        Object first = insertInTransaction(1);
        Object second = insertInTransaction(2);
        assertThat(second).as("the session's cached command, not a new parse").isSameAs(first);
    }

    @Test
    void workLeftUncommittedIsRolledBackAndTheConnectionComesBackInAutoCommit() throws SQLException {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            insert(c, 7);
        }
        try (Connection c = pool.connection()) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(count(c)).as("the abandoned insert").isZero();
        }
    }

    @Test
    void aHandleIsGivenBackOnceAndUnusableAfterwards() throws SQLException {
        Connection c = pool.connection();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(() -> c.prepareStatement("SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("given back");
        // Both closes together gave back one permit: all four connections can still be had.
        Connection[] out = new Connection[4];
        for (int i = 0; i < out.length; i++) {
            out[i] = pool.connection();
        }
        for (Connection o : out) {
            o.close();
        }
    }

    @Test
    void theDatabaseErrorsOfAConnectionReachTheCaller() throws SQLException {
        try (Connection c = pool.connection()) {
            insert(c, 1);
            assertThatThrownBy(() -> insert(c, 1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("PRIMARY KEY");
        }
        try (Connection c = pool.connection()) {
            assertThat(count(c)).isEqualTo(1);
        }
    }

    @Test
    void anInterruptedThreadStillGetsAConnectionAndKeepsItsInterrupt() throws SQLException {
        Thread.currentThread().interrupt();
        try (Connection c = pool.connection()) {
            assertThat(count(c)).isZero();
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
    }

    @Test
    void aDisposedPoolRefusesConnections() {
        pool.dispose();
        assertThatThrownBy(() -> pool.connection()).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    private Object insertInTransaction(long id) throws Exception {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            Object command;
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
                command = parsedCommand(p);
                p.setLong(1, id);
                p.executeUpdate();
            }
            c.commit();
            return command;
        }
    }

    private static Object parsedCommand(PreparedStatement p) throws Exception {
        Field command = JdbcPreparedStatement.class.getDeclaredField("command");
        command.setAccessible(true);
        return command.get(p.unwrap(JdbcPreparedStatement.class));
    }

    private static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            p.setLong(1, id);
            p.executeUpdate();
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
            r.next();
            return r.getLong(1);
        }
    }
}
