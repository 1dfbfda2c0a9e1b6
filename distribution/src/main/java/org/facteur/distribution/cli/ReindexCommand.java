package org.facteur.distribution.cli;

import java.util.concurrent.Callable;

import org.facteur.distribution.Logging;
import org.facteur.distribution.config.Config;
import org.facteur.mailbox.maildir.MaildirStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the mailbox index from the Maildir files (the server must be stopped).")
final class ReindexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        Logging.configure(false, options.verbose);
        Config config = options.load();
        spec.commandLine().getOut().println("reindexed " + config.dataDirectory() + ": "
                + MaildirStore.reindex(config.dataDirectory()));
        return ExitCodes.OK;
    }
}
