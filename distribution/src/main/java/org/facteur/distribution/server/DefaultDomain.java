package org.facteur.distribution.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.facteur.directory.Directory;
import org.facteur.directory.DirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's domain (INTERFACE.md): the first time any facteur command opens a data
 * directory whose directory has no domain, it adds {@code localhost}, so that
 * {@code facteur user add alice@localhost} works on a fresh install. Once only: a marker file
 * remembers it, so an administrator who removes {@code localhost} later does not see it return.
 */
public final class DefaultDomain {

    public static final String NAME = "localhost";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultDomain.class);
    private static final String MARKER = "default-domain-added";

    private DefaultDomain() {
    }

    public static void addOnce(Path dataDirectory, Directory directory) {
        Path marker = dataDirectory.resolve(MARKER);
        if (Files.exists(marker)) {
            return;
        }
        if (directory.listDomains().isEmpty()) {
            try {
                directory.addDomain(NAME);
                LOG.info("new data directory: added the domain {}", NAME);
            } catch (DirectoryException raced) {
                // Another facteur process on this data directory added it at the same moment.
            }
        }
        try {
            Files.writeString(marker, "The domain " + NAME + " was added to this new data directory once.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }
}
