package org.facteur.distribution.cli;

import java.io.PrintWriter;

import org.facteur.smtp.dkim.DkimKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "domain", description = "Add, remove or list the local domains.",
        mixinStandardHelpOptions = true)
final class DomainCommands {

    @Spec
    CommandSpec spec;

    @Command(name = "add", description = "Add a local domain, with its DKIM signing key.", mixinStandardHelpOptions = true)
    void add(@Parameters(paramLabel = "DOMAIN") String domain, @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            String added = session.directory().addDomain(domain);
            DkimKeys.in(session.config().dataDirectory()).ensure(added);
            out().println("added domain " + added + "; its DNS records: facteur dns " + added);
        }
    }

    @Command(name = "remove", description = "Remove a local domain that has no users or aliases left.",
            mixinStandardHelpOptions = true)
    void remove(@Parameters(paramLabel = "DOMAIN") String domain, @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            session.directory().removeDomain(domain);
            out().println("removed domain " + domain);
        }
    }

    @Command(name = "list", description = "List the local domains, one per line.", mixinStandardHelpOptions = true)
    void list(@Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            session.directory().listDomains().forEach(out()::println);
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
