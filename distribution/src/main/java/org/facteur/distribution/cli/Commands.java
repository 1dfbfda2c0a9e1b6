package org.facteur.distribution.cli;

import picocli.CommandLine;

/** The commands of {@code facteur}, in the order its help lists them. */
public final class Commands {

    private Commands() {
    }

    public static void addTo(CommandLine facteur) {
        facteur.addSubcommand(new ServeCommand());
        facteur.addSubcommand(new DomainCommands());
        facteur.addSubcommand(new UserCommands());
        facteur.addSubcommand(new AliasCommands());
        facteur.addSubcommand(new ReindexCommand());
        facteur.addSubcommand(new QueueCommands());
        facteur.addSubcommand(new DnsCommand());
    }
}
