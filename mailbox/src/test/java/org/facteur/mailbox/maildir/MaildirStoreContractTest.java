package org.facteur.mailbox.maildir;

import java.nio.file.Path;

import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on Maildir files with a real H2 index file. */
class MaildirStoreContractTest implements MailStoreContract {

    @TempDir
    Path dataDir;

    private MaildirStore store;

    @BeforeEach
    void open() {
        store = MaildirStore.openExclusive(dataDir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MailStore store() {
        return store;
    }
}
