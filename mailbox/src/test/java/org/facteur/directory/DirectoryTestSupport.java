package org.facteur.directory;

import java.util.UUID;

import org.facteur.db.Database;
import org.junit.jupiter.api.AfterEach;

/** A fresh in-memory directory per test, with a fast password hasher. */
abstract class DirectoryTestSupport {

    /** Enough iterations to exercise PBKDF2, few enough for tests that add many users. */
    static final int TEST_ITERATIONS = 1_000;

    final Database database = Database.inMemory("directory-" + UUID.randomUUID());
    final Directory directory = new Directory(database, new PasswordHasher(TEST_ITERATIONS));

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    static char[] pw(String password) {
        return password.toCharArray();
    }
}
