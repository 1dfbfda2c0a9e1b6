package org.facteur.distribution.cli;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.distribution.Logging;
import org.facteur.distribution.config.Config;
import org.facteur.distribution.server.DefaultDomain;
import org.facteur.mailbox.maildir.MaildirStore;

/**
 * What an admin command opens, lazily and shared with a server that may run on the same data
 * directory (H2 auto-server): the directory, and the store for account changes.
 */
final class AdminSession implements AutoCloseable {

    private final Config config;
    private Database database;
    private Directory directory;
    private MaildirStore store;

    private AdminSession(Config config) {
        this.config = config;
    }

    static AdminSession open(CommonOptions options) {
        Logging.configure(false, options.verbose);
        return new AdminSession(options.load());
    }

    Config config() {
        return config;
    }

    Directory directory() {
        if (directory == null) {
            database = Database.open(config.dataDirectory());
            directory = new Directory(database);
            DefaultDomain.addOnce(config.dataDirectory(), directory);
        }
        return directory;
    }

    MaildirStore store() {
        if (store == null) {
            store = MaildirStore.openShared(config.dataDirectory());
        }
        return store;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
