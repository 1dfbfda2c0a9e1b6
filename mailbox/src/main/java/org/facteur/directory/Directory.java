package org.facteur.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.facteur.db.Database;
import org.facteur.db.IndexException;

/**
 * The directory of local domains, users and aliases, kept in the H2 index: SMTP resolves
 * recipients with it, IMAP, POP3 and submission authenticate with it, and the admin CLI edits it.
 *
 * <p>Every call reads the database: nothing is cached here (an embedded H2 lookup costs
 * microseconds), so a change made by another process on the same data directory, such as the
 * admin CLI beside a running server, is seen by the very next call. The only cache is
 * {@link PasswordHasher}'s, which cannot outlive a password change.
 *
 * <p>Names are matched case-insensitively and stored in canonical form: lowercase, local part
 * included, with Unicode domains in their IDNA ASCII form and without a trailing dot. Methods that
 * change the directory return the canonical name they stored. Every mistake the caller can make
 * is a {@link DirectoryException} whose message names it.
 *
 * <p>Aliases: {@link #addAlias} adds targets to an alias, creating it if needed (merge, not
 * replace), so that the CLI's {@code alias add list@d bob@d} adds a member to a list without
 * retyping it; {@link #removeAliasTargets} takes members out and {@link #removeAlias} drops the
 * whole alias. An alias {@code @domain} is that domain's catch-all. See {@link #resolve} for
 * precedence.
 */
public final class Directory {

    private final Database database;
    private final PasswordHasher hasher;
    private final UnknownUserDelay unknownUserDelay;

    public Directory(Database database) {
        this(database, new PasswordHasher());
    }

    /** A directory hashing new passwords with {@code hasher} (tests use a fast one). */
    public Directory(Database database, PasswordHasher hasher) {
        this.database = database;
        this.hasher = hasher;
        this.unknownUserDelay = new UnknownUserDelay(hasher);
        database.migrate(Directory.class, "directory", 1, "/org/facteur/directory/schema-");
    }

    // ---- domains

    /** Adds a local domain; returns its canonical name. */
    public String addDomain(String domain) {
        String name = DomainName.canonical(domain);
        return inTransaction(tables -> {
            if (tables.isLocalDomain(name)) {
                throw new DirectoryException("The domain " + name + " already exists.");
            }
            tables.insertDomain(name);
            return name;
        });
    }

    /** Removes a local domain that no user or alias uses any more. */
    public void removeDomain(String domain) {
        String name = DomainName.canonical(domain);
        inTransaction(tables -> {
            if (!tables.isLocalDomain(name)) {
                throw new DirectoryException("There is no domain " + name + ".");
            }
            int users = tables.countUsersIn(name);
            if (users > 0) {
                throw new DirectoryException("The domain " + name + " still has " + users
                        + (users == 1 ? " user" : " users") + "; remove them first.");
            }
            List<String> aliases = tables.aliasesIn(name);
            if (!aliases.isEmpty()) {
                throw new DirectoryException("The domain " + name + " still has the aliases "
                        + String.join(", ", aliases) + "; remove them first.");
            }
            // Once the domain is gone, such targets would silently turn into forwarding off this server.
            List<String> forwarding = tables.aliasesForwardingInto(name);
            if (!forwarding.isEmpty()) {
                throw new DirectoryException("The aliases " + String.join(", ", forwarding)
                        + " forward to addresses in " + name + "; remove those targets first.");
            }
            tables.deleteDomain(name);
            return null;
        });
    }

    /** The local domains, in canonical form, sorted. */
    public List<String> listDomains() {
        return read(DirectoryTables::domains);
    }

    /** Whether {@code domain} is one of ours; a malformed name is not. */
    public boolean isLocalDomain(String domain) {
        Optional<String> name = tryCanonicalDomain(domain);
        return name.isPresent() && read(tables -> tables.isLocalDomain(name.get()));
    }

    // ---- users

    /** Adds a user in an existing local domain; returns its canonical address. */
    public String addUser(String address, char[] password) {
        MailAddress user = parseUser(address);
        String hash = hasher.hash(password);
        return inTransaction(tables -> {
            requireLocalDomain(tables, user.domain(), "user " + user);
            if (tables.isUser(user.toString())) {
                throw new DirectoryException("The user " + user + " already exists.");
            }
            if (tables.isAlias(user.toString())) {
                throw new DirectoryException(user + " is already an alias; remove the alias first.");
            }
            tables.insertUser(user, hash);
            return user.toString();
        });
    }

    /** Gives an existing user a new password. */
    public void setPassword(String address, char[] password) {
        String user = MailAddress.parse(address).toString();
        String hash = hasher.hash(password);
        inTransaction(tables -> {
            if (tables.updatePassword(user, hash) == 0) {
                throw new DirectoryException("There is no user " + user + ".");
            }
            return null;
        });
    }

    /**
     * Removes a user from the directory (not their mail: that is the store's). Aliases that
     * forward to the user stay; resolution skips the missing target and logs it.
     */
    public void removeUser(String address) {
        String user = MailAddress.parse(address).toString();
        inTransaction(tables -> {
            if (tables.deleteUser(user) == 0) {
                throw new DirectoryException("There is no user " + user + ".");
            }
            return null;
        });
    }

    /** Every user's canonical address, sorted. */
    public List<String> listUsers() {
        return read(DirectoryTables::users);
    }

    /** Whether {@code address} is a user (not an alias); a malformed address is not. */
    public boolean userExists(String address) {
        Optional<MailAddress> user = tryParse(address);
        return user.isPresent() && read(tables -> tables.isUser(user.get().toString()));
    }

    /**
     * Checks a login; returns the user's canonical address if {@code password} is theirs. An
     * unknown or malformed address costs as much time as a wrong password, so that timing does not
     * tell which users exist. A hash made with fewer iterations than the hasher's is replaced.
     */
    public Optional<String> authenticate(String address, char[] password) {
        Optional<MailAddress> user = tryParse(address);
        Optional<String> stored = user.isEmpty() ? Optional.empty()
                : read(tables -> tables.passwordHash(user.get().toString()));
        if (stored.isEmpty()) {
            unknownUserDelay.spend(password);
            return Optional.empty();
        }
        if (!hasher.verify(password, stored.get())) {
            return Optional.empty();
        }
        String canonical = user.get().toString();
        if (hasher.needsRehash(stored.get())) {
            String stronger = hasher.hash(password);
            inTransaction(tables -> tables.replacePassword(canonical, stored.get(), stronger));
        }
        return Optional.of(canonical);
    }

    // ---- aliases

    /**
     * Adds targets to the alias {@code alias} (an address, or {@code @domain} for a catch-all),
     * creating it if needed; targets already there are kept once. The alias must be in a local
     * domain and not be a user. A target is an address; one in a local domain must reach
     * something now, and the alias must not loop. Returns the alias's canonical name.
     */
    public String addAlias(String alias, List<String> targets) {
        String name = canonicalAlias(alias);
        String domain = name.substring(name.lastIndexOf('@') + 1);
        if (targets == null || targets.isEmpty()) {
            throw new DirectoryException("The alias " + name + " needs at least one target.");
        }
        List<MailAddress> parsedTargets = new ArrayList<>();
        for (String target : targets) {
            parsedTargets.add(parseTarget(target));
        }
        return inTransaction(tables -> {
            requireLocalDomain(tables, domain, "alias " + name);
            if (tables.isUser(name)) {
                throw new DirectoryException(name + " is a user; an alias of the same address would never be used.");
            }
            RecipientResolver resolver = new RecipientResolver(tables);
            for (MailAddress target : parsedTargets) {
                tables.insertAliasTarget(name, domain, target);
            }
            // Checked after inserting, so that a target naming this very alias is seen as the loop it is.
            for (MailAddress target : parsedTargets) {
                if (tables.isLocalDomain(target.domain()) && !resolver.expand(target).matched) {
                    throw new DirectoryException("The target " + target + " is in the local domain "
                            + target.domain() + " but is neither a user nor an alias.");
                }
            }
            List<String> loops = resolver.expandAlias(name).loops;
            if (!loops.isEmpty()) {
                throw new DirectoryException(loops.get(0));
            }
            return name;
        });
    }

    /** Removes an alias with all its targets. */
    public void removeAlias(String alias) {
        String name = canonicalAlias(alias);
        inTransaction(tables -> {
            if (tables.deleteAlias(name) == 0) {
                throw new DirectoryException("There is no alias " + name + ".");
            }
            return null;
        });
    }

    /** Removes some targets of an alias; the alias disappears with its last target. */
    public void removeAliasTargets(String alias, List<String> targets) {
        String name = canonicalAlias(alias);
        List<String> canonicalTargets = new ArrayList<>();
        for (String target : targets) {
            canonicalTargets.add(parseTarget(target).toString());
        }
        inTransaction(tables -> {
            if (!tables.isAlias(name)) {
                throw new DirectoryException("There is no alias " + name + ".");
            }
            for (String target : canonicalTargets) {
                if (tables.deleteAliasTarget(name, target) == 0) {
                    throw new DirectoryException(target + " is not a target of the alias " + name + ".");
                }
            }
            return null;
        });
    }

    /** Every alias with its targets, sorted by alias. */
    public List<Alias> listAliases() {
        return read(DirectoryTables::aliases);
    }

    // ---- resolution

    /**
     * What mail to {@code address} becomes. In a local domain, the first of these that exists
     * decides: the user {@code address}; the alias {@code address}; with the sub-address detail
     * removed ({@code alice+tag@d} as {@code alice@d}), that user or alias; the catch-all
     * {@code @d}. Alias targets are expanded the same way, recursively; loops and dangling targets
     * are skipped and logged, and if nothing remains the address is {@code UNKNOWN}.
     *
     * @throws DirectoryException if {@code address} is malformed (SMTP: {@code 553 5.1.3})
     */
    public Resolution resolve(String address) {
        MailAddress recipient = MailAddress.parse(address);
        return read(tables -> new RecipientResolver(tables).resolve(recipient));
    }

    // ---- validation

    private static MailAddress parseUser(String address) {
        MailAddress user = MailAddress.parse(address);
        if (user.localPart().indexOf(MailAddress.DETAIL_SEPARATOR) >= 0) {
            throw new DirectoryException("The user name " + user + " contains '" + MailAddress.DETAIL_SEPARATOR
                    + "', which separates a sub-address detail and cannot be part of a user name.");
        }
        if (user.localPart().indexOf('/') >= 0) {
            throw new DirectoryException("The user name " + user
                    + " contains '/', which cannot be part of a mailbox directory name.");
        }
        return user;
    }

    private static MailAddress parseTarget(String target) {
        if (target != null && target.strip().startsWith("@")) {
            throw new DirectoryException("The target " + target + " is a whole domain; a target must be an address.");
        }
        return MailAddress.parse(target == null ? null : target.strip());
    }

    /** {@code @domain} for a catch-all, or a canonical address. */
    private static String canonicalAlias(String alias) {
        if (alias != null && alias.startsWith("@")) {
            return "@" + DomainName.canonical(alias.substring(1));
        }
        return MailAddress.parse(alias).toString();
    }

    private static void requireLocalDomain(DirectoryTables tables, String domain, String what) {
        if (!tables.isLocalDomain(domain)) {
            throw new DirectoryException("The domain " + domain + " of the " + what
                    + " is not a local domain; add the domain first.");
        }
    }

    private static Optional<MailAddress> tryParse(String address) {
        try {
            return Optional.of(MailAddress.parse(address));
        } catch (DirectoryException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> tryCanonicalDomain(String domain) {
        try {
            return Optional.of(DomainName.canonical(domain));
        } catch (DirectoryException e) {
            return Optional.empty();
        }
    }

    // ---- database access

    /** Work on the tables that may throw SQLException. */
    @FunctionalInterface
    private interface TableWork<T> {
        T apply(DirectoryTables tables) throws SQLException;
    }

    private <T> T read(TableWork<T> work) {
        try (Connection c = database.connection()) {
            return work.apply(new DirectoryTables(c));
        } catch (SQLException e) {
            throw new IndexException("the directory could not be read", e);
        } catch (DirectoryTables.UncheckedSqlException e) {
            throw new IndexException("the directory could not be read", e.getCause());
        }
    }

    /** Runs {@code work} in one transaction, committed only if it returns normally. */
    private <T> T inTransaction(TableWork<T> work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(new DirectoryTables(c));
                c.commit();
                Database.syncToDisk(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                // The checks above passed, so another process made the same change at the same time.
                throw new DirectoryException("Another process changed the same entry at the same time; try again.");
            }
            throw new IndexException("the directory could not be changed", e);
        } catch (DirectoryTables.UncheckedSqlException e) {
            throw new IndexException("the directory could not be changed", e.getCause());
        }
    }
}
