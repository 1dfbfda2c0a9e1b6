package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.facteur.db.Database;
import org.facteur.directory.Resolution.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server and the admin CLI open the same data directory, each with its own
 * {@link Database}: a change through one is seen by the other at its very next call.
 */
class SharedDataDirectoryTest {

    @TempDir
    Path data;

    @Test
    void changesThroughOneDatabaseAreSeenAtOnceThroughAnother() {
        try (Database serverDb = Database.open(data); Database cliDb = Database.open(data)) {
            Directory server = new Directory(serverDb, new PasswordHasher(DirectoryTestSupport.TEST_ITERATIONS));
            Directory cli = new Directory(cliDb, new PasswordHasher(DirectoryTestSupport.TEST_ITERATIONS));

            cli.addDomain("example.test");
            assertThat(server.isLocalDomain("example.test")).isTrue();

            cli.addUser("alice@example.test", "first".toCharArray());
            assertThat(server.authenticate("alice@example.test", "first".toCharArray())).isPresent();

            cli.setPassword("alice@example.test", "second".toCharArray());
            assertThat(server.authenticate("alice@example.test", "first".toCharArray())).isEmpty();
            assertThat(server.authenticate("alice@example.test", "second".toCharArray())).isPresent();

            cli.addAlias("team@example.test", List.of("alice@example.test"));
            assertThat(server.resolve("team@example.test").localUsers()).containsExactly("alice@example.test");

            server.removeAlias("team@example.test");
            assertThat(cli.listAliases()).isEmpty();

            cli.removeUser("alice@example.test");
            assertThat(server.resolve("alice@example.test").status()).isEqualTo(Status.UNKNOWN);
            assertThat(server.authenticate("alice@example.test", "second".toCharArray())).isEmpty();
        }
    }

    @Test
    void theDirectoryOutlivesItsDatabase() {
        try (Database db = Database.open(data)) {
            Directory directory = new Directory(db, new PasswordHasher(DirectoryTestSupport.TEST_ITERATIONS));
            directory.addDomain("example.test");
            directory.addUser("alice@example.test", "pw".toCharArray());
        }
        try (Database reopened = Database.open(data)) {
            Directory directory = new Directory(reopened);

            assertThat(directory.listUsers()).containsExactly("alice@example.test");
            assertThat(directory.authenticate("alice@example.test", "pw".toCharArray())).isPresent();
        }
    }
}
