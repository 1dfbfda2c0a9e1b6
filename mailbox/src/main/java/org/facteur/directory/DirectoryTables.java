package org.facteur.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the directory, on one connection (and so within its transaction). Names are canonical. */
final class DirectoryTables implements DirectoryLookup {

    private final Connection connection;

    DirectoryTables(Connection connection) {
        this.connection = connection;
    }

    /** Lookups implement an interface that cannot throw SQLException; they wrap it for the caller to unwrap. */
    static final class UncheckedSqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSqlException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    // ---- domains

    @Override
    public boolean isLocalDomain(String domain) {
        return exists("SELECT 1 FROM domains WHERE name = ?", domain);
    }

    void insertDomain(String domain) throws SQLException {
        update("INSERT INTO domains(name) VALUES(?)", domain);
    }

    int deleteDomain(String domain) throws SQLException {
        return update("DELETE FROM domains WHERE name = ?", domain);
    }

    List<String> domains() throws SQLException {
        return strings("SELECT name FROM domains ORDER BY name");
    }

    int countUsersIn(String domain) throws SQLException {
        return count("SELECT COUNT(*) FROM users WHERE domain = ?", domain);
    }

    List<String> aliasesIn(String domain) throws SQLException {
        return strings("SELECT DISTINCT address FROM aliases WHERE domain = ? ORDER BY address", domain);
    }

    List<String> aliasesForwardingInto(String domain) throws SQLException {
        return strings("SELECT DISTINCT address FROM aliases WHERE target_domain = ? AND domain <> ? ORDER BY address",
                domain, domain);
    }

    // ---- users

    @Override
    public boolean isUser(String address) {
        return exists("SELECT 1 FROM users WHERE address = ?", address);
    }

    /** One query instead of two: RCPT asks this of every recipient. */
    @Override
    public FirstLook firstLook(String domain, String address) {
        try (PreparedStatement p = prepare("SELECT EXISTS(SELECT 1 FROM domains WHERE name = ?),"
                + " EXISTS(SELECT 1 FROM users WHERE address = ?)", domain, address); ResultSet r = p.executeQuery()) {
            r.next();
            if (!r.getBoolean(1)) {
                return FirstLook.NOT_LOCAL_DOMAIN;
            }
            return r.getBoolean(2) ? FirstLook.USER : FirstLook.LOCAL_NOT_USER;
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    void insertUser(MailAddress address, String passwordHash) throws SQLException {
        update("INSERT INTO users(address, domain, password_hash) VALUES(?, ?, ?)",
                address.toString(), address.domain(), passwordHash);
    }

    int updatePassword(String address, String passwordHash) throws SQLException {
        return update("UPDATE users SET password_hash = ? WHERE address = ?", passwordHash, address);
    }

    /** Replaces the hash only if it is still {@code expected}: a concurrent password change wins. */
    int replacePassword(String address, String expected, String passwordHash) throws SQLException {
        return update("UPDATE users SET password_hash = ? WHERE address = ? AND password_hash = ?",
                passwordHash, address, expected);
    }

    int deleteUser(String address) throws SQLException {
        return update("DELETE FROM users WHERE address = ?", address);
    }

    List<String> users() throws SQLException {
        return strings("SELECT address FROM users ORDER BY address");
    }

    Optional<String> passwordHash(String address) throws SQLException {
        List<String> hashes = strings("SELECT password_hash FROM users WHERE address = ?", address);
        return hashes.stream().findFirst();
    }

    // ---- aliases

    @Override
    public List<String> aliasTargets(String address) {
        try {
            return strings("SELECT target FROM aliases WHERE address = ? ORDER BY target", address);
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    boolean isAlias(String address) {
        return exists("SELECT 1 FROM aliases WHERE address = ?", address);
    }

    /** Adds one target to an alias; false if it was already there. */
    boolean insertAliasTarget(String alias, String aliasDomain, MailAddress target) throws SQLException {
        if (exists("SELECT 1 FROM aliases WHERE address = ? AND target = ?", alias, target.toString())) {
            return false;
        }
        update("INSERT INTO aliases(address, domain, target, target_domain) VALUES(?, ?, ?, ?)",
                alias, aliasDomain, target.toString(), target.domain());
        return true;
    }

    int deleteAlias(String alias) throws SQLException {
        return update("DELETE FROM aliases WHERE address = ?", alias);
    }

    int deleteAliasTarget(String alias, String target) throws SQLException {
        return update("DELETE FROM aliases WHERE address = ? AND target = ?", alias, target);
    }

    List<Alias> aliases() throws SQLException {
        Map<String, List<String>> targetsByAlias = new LinkedHashMap<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT address, target FROM aliases ORDER BY address, target");
                ResultSet r = p.executeQuery()) {
            while (r.next()) {
                targetsByAlias.computeIfAbsent(r.getString(1), a -> new ArrayList<>()).add(r.getString(2));
            }
        }
        List<Alias> aliases = new ArrayList<>();
        targetsByAlias.forEach((address, targets) -> aliases.add(new Alias(address, targets)));
        return aliases;
    }

    // ---- plumbing

    private boolean exists(String sql, String... parameters) {
        try (PreparedStatement p = prepare(sql, parameters); ResultSet r = p.executeQuery()) {
            return r.next();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    private int count(String sql, String... parameters) throws SQLException {
        try (PreparedStatement p = prepare(sql, parameters); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private List<String> strings(String sql, String... parameters) throws SQLException {
        try (PreparedStatement p = prepare(sql, parameters); ResultSet r = p.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }

    private int update(String sql, String... parameters) throws SQLException {
        try (PreparedStatement p = prepare(sql, parameters)) {
            return p.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, String... parameters) throws SQLException {
        PreparedStatement p = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                p.setString(i + 1, parameters[i]);
            }
            return p;
        } catch (SQLException e) {
            p.close();
            throw e;
        }
    }
}
