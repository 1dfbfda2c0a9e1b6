package org.facteur.distribution.cli;

import java.io.PrintWriter;
import java.util.List;

import org.facteur.directory.Alias;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "alias", description = "Add, remove or list aliases (forwarding, lists, catch-all @domain).",
        mixinStandardHelpOptions = true)
final class AliasCommands {

    @Spec
    CommandSpec spec;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add targets to an alias, creating it if needed. ALIAS @domain is that domain's catch-all;"
                    + " a target in another domain is forwarded there.")
    void add(@Parameters(index = "0", paramLabel = "ALIAS") String alias,
            @Parameters(index = "1..*", paramLabel = "TARGET", split = ",", arity = "1..*") List<String> targets,
            @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            String name = session.directory().addAlias(alias, targets);
            out().println("alias " + name + " -> " + String.join(",", targetsOf(session, name)));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an alias, or only the given targets of it.")
    void remove(@Parameters(index = "0", paramLabel = "ALIAS") String alias,
            @Parameters(index = "1..*", paramLabel = "TARGET", split = ",", arity = "0..*") List<String> targets,
            @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            if (targets == null || targets.isEmpty()) {
                session.directory().removeAlias(alias);
                out().println("removed alias " + alias);
            } else {
                session.directory().removeAliasTargets(alias, targets);
                out().println("removed " + String.join(",", targets) + " from alias " + alias);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the aliases, one per line: ALIAS -> TARGET,TARGET...")
    void list(@Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            for (Alias alias : session.directory().listAliases()) {
                out().println(alias.address() + " -> " + String.join(",", alias.targets()));
            }
        }
    }

    private static List<String> targetsOf(AdminSession session, String name) {
        return session.directory().listAliases().stream()
                .filter(a -> a.address().equals(name))
                .findFirst().map(Alias::targets).orElse(List.of());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
