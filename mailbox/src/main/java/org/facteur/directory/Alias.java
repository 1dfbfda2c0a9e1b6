package org.facteur.directory;

import java.util.List;

/**
 * An alias and its targets, in canonical form.
 *
 * @param address the alias address, or {@code @domain} for that domain's catch-all
 * @param targets the local or remote addresses it forwards to, sorted
 */
public record Alias(String address, List<String> targets) {

    public Alias {
        targets = List.copyOf(targets);
    }

    public boolean isCatchAll() {
        return address.startsWith("@");
    }
}
