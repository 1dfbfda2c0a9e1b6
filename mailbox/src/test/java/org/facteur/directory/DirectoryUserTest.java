package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.facteur.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryUserTest extends DirectoryTestSupport {

    @BeforeEach
    void domain() {
        directory.addDomain("example.test");
    }

    @Test
    void addedUserExistsCaseInsensitivelyAndIsListedInCanonicalForm() {
        assertThat(directory.addUser("Alice@Example.TEST", pw("secret"))).isEqualTo("alice@example.test");
        directory.addUser("bob@example.test", pw("secret"));

        assertThat(directory.listUsers()).containsExactly("alice@example.test", "bob@example.test");
        assertThat(directory.userExists("ALICE@example.test.")).isTrue();
        assertThat(directory.userExists("carol@example.test")).isFalse();
        assertThat(directory.userExists("not an address")).isFalse();
    }

    @Test
    void userNeedsAnExistingDomain() {
        assertThatThrownBy(() -> directory.addUser("alice@other.test", pw("secret")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The domain other.test of the user alice@other.test is not a local domain; add the domain first.");
    }

    @Test
    void duplicateUserIsRefusedWhateverTheCase() {
        directory.addUser("alice@example.test", pw("secret"));

        assertThatThrownBy(() -> directory.addUser("ALICE@example.test", pw("other")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The user alice@example.test already exists.");
    }

    @Test
    void badUserNamesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> directory.addUser("alice+tag@example.test", pw("secret")))
                .isInstanceOf(DirectoryException.class)
                .hasMessageContaining("contains '+', which separates a sub-address detail");
        assertThatThrownBy(() -> directory.addUser("a/b@example.test", pw("secret")))
                .hasMessageContaining("'/'");
        assertThatThrownBy(() -> directory.addUser("al ice@example.test", pw("secret")))
                .hasMessageContaining("contains a space");
        assertThatThrownBy(() -> directory.addUser("a".repeat(65) + "@example.test", pw("secret")))
                .hasMessageContaining("longer than 64 octets");
        assertThatThrownBy(() -> directory.addUser("alice@example.test", pw("")))
                .hasMessage("The password is empty.");
        assertThat(directory.listUsers()).isEmpty();
    }

    @Test
    void userCannotShadowAnAlias() {
        directory.addAlias("info@example.test", List.of("x@remote.example"));

        assertThatThrownBy(() -> directory.addUser("Info@example.test", pw("secret")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("info@example.test is already an alias; remove the alias first.");
    }

    @Test
    void authenticateReturnsTheCanonicalAddress() {
        directory.addUser("alice@example.test", pw("secret"));

        assertThat(directory.authenticate("Alice@EXAMPLE.test", pw("secret"))).contains("alice@example.test");
    }

    @Test
    void authenticateRefusesWrongPasswordUnknownUserAndGarbage() {
        directory.addUser("alice@example.test", pw("secret"));

        assertThat(directory.authenticate("alice@example.test", pw("Secret"))).isEmpty();
        assertThat(directory.authenticate("alice@example.test", pw(""))).isEmpty();
        assertThat(directory.authenticate("bob@example.test", pw("secret"))).isEmpty();
        assertThat(directory.authenticate("alice", pw("secret"))).isEmpty();
        assertThat(directory.authenticate("alice+tag@example.test", pw("secret"))).isEmpty();
    }

    @Test
    void newPasswordReplacesTheOldOneEvenIfTheOldOneWasCached() {
        directory.addUser("alice@example.test", pw("old"));
        assertThat(directory.authenticate("alice@example.test", pw("old"))).isPresent(); // now cached

        directory.setPassword("ALICE@example.test", pw("new"));

        assertThat(directory.authenticate("alice@example.test", pw("old"))).isEmpty();
        assertThat(directory.authenticate("alice@example.test", pw("new"))).contains("alice@example.test");
    }

    @Test
    void setPasswordOfUnknownUserIsRefused() {
        assertThatThrownBy(() -> directory.setPassword("bob@example.test", pw("new")))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("There is no user bob@example.test.");
        assertThatThrownBy(() -> directory.setPassword("alice@example.test", pw("")))
                .hasMessage("The password is empty.");
    }

    @Test
    void removedUserCanNoLongerLogIn() {
        directory.addUser("alice@example.test", pw("secret"));
        directory.authenticate("alice@example.test", pw("secret"));

        directory.removeUser("Alice@Example.test");

        assertThat(directory.userExists("alice@example.test")).isFalse();
        assertThat(directory.authenticate("alice@example.test", pw("secret"))).isEmpty();
        assertThatThrownBy(() -> directory.removeUser("alice@example.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("There is no user alice@example.test.");
    }

    @Test
    void weakerHashIsUpgradedAtTheNextSuccessfulLogin() {
        directory.addUser("alice@example.test", pw("secret"));
        Directory stronger = new Directory(database, new PasswordHasher(TEST_ITERATIONS * 2));

        assertThat(stronger.authenticate("alice@example.test", pw("secret"))).isPresent();

        assertThat(PasswordHasher.iterationsOf(storedHash("alice@example.test"))).contains(TEST_ITERATIONS * 2);
        assertThat(directory.authenticate("alice@example.test", pw("secret"))).isPresent();
    }

    @Test
    void defaultDirectoryStoresFullStrengthHashes() {
        try (Database other = Database.inMemory("directory-" + UUID.randomUUID())) {
            Directory production = new Directory(other);
            production.addDomain("example.test");
            production.addUser("alice@example.test", pw("secret"));

            assertThat(production.authenticate("alice@example.test", pw("secret"))).isPresent();
            assertThat(PasswordHasher.iterationsOf(storedHash(other, "alice@example.test"))).contains(600_000);
        }
    }

    private String storedHash(String address) {
        return storedHash(database, address);
    }

    private static String storedHash(Database db, String address) {
        try (var c = db.connection();
                var p = c.prepareStatement("SELECT password_hash FROM users WHERE address = ?")) {
            p.setString(1, address);
            try (var r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
