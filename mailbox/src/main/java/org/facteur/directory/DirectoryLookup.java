package org.facteur.directory;

import java.util.List;

/** The three questions recipient resolution asks of the directory's tables, all by canonical name. */
interface DirectoryLookup {

    boolean isLocalDomain(String domain);

    boolean isUser(String address);

    /** The targets of the alias {@code address} (or catch-all {@code @domain}); empty if there is none. */
    List<String> aliasTargets(String address);
}
