package org.facteur.distribution.server;

import org.facteur.directory.Directory;
import org.facteur.distribution.config.Config;
import org.facteur.mailbox.MailStore;
import org.facteur.tls.TlsMaterial;

/** Everything {@code facteur serve} has opened, handed to each service it starts. */
public record ServerContext(Config config, Directory directory, MailStore store, TlsMaterial tls) {
}
