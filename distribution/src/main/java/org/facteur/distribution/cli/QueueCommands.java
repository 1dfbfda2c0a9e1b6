package org.facteur.distribution.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "queue", description = "Inspect and act on the outbound queue (like mailq and postqueue -f).",
        mixinStandardHelpOptions = true)
final class QueueCommands {

    private static final String FEATURE = "outbound delivery";

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Per message: id, sender, pending recipients, size, age, next attempt, last error.")
    void list(@Mixin CommonOptions options) {
        throw NotInThisBuild.failure("queue list", FEATURE);
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Retry every queued message now.")
    void flush(@Mixin CommonOptions options) {
        throw NotInThisBuild.failure("queue flush", FEATURE);
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a queued message without bouncing it.")
    void remove(@Parameters(paramLabel = "ID") String id, @Mixin CommonOptions options) {
        throw NotInThisBuild.failure("queue remove", FEATURE);
    }
}
