package org.facteur.directory;

import java.util.List;

/** The questions recipient resolution asks of the directory's tables, all by canonical name. */
interface DirectoryLookup {

    boolean isLocalDomain(String domain);

    boolean isUser(String address);

    /** The targets of the alias {@code address} (or catch-all {@code @domain}); empty if there is none. */
    List<String> aliasTargets(String address);

    /** The first two questions about an address, which answer most resolutions alone. */
    enum FirstLook { NOT_LOCAL_DOMAIN, USER, LOCAL_NOT_USER }

    /** Whether {@code domain} is local and, if so, whether {@code address} (in it) is a user. */
    default FirstLook firstLook(String domain, String address) {
        if (!isLocalDomain(domain)) {
            return FirstLook.NOT_LOCAL_DOMAIN;
        }
        return isUser(address) ? FirstLook.USER : FirstLook.LOCAL_NOT_USER;
    }
}
