package org.facteur.distribution.cli;

import java.util.concurrent.Callable;

import org.facteur.distribution.Logging;
import org.facteur.distribution.config.Config;
import org.facteur.distribution.server.FacteurServer;
import org.facteur.distribution.server.ServiceRegistry;
import org.facteur.distribution.server.Shutdown;
import org.facteur.distribution.server.StartupReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run every service in this process until SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    /** Set by the launchers to how the user runs facteur ({@code ./facteur}, {@code /opt/facteur/bin/facteur}). */
    static final String LAUNCHER_VARIABLE = "FACTEUR_LAUNCHER";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() throws InterruptedException {
        Logging.configure(true, options.verbose);
        Config config = options.load();
        FacteurServer server = FacteurServer.start(config, ServiceRegistry.ofThisBuild());
        Shutdown shutdown = Shutdown.onSignal(server);
        StartupReport.print(spec.commandLine().getOut(), server, launcher(), options.asArguments());
        shutdown.awaitStop();
        return ExitCodes.OK;
    }

    private static String launcher() {
        String launcher = System.getenv(LAUNCHER_VARIABLE);
        return launcher == null || launcher.isEmpty() ? "facteur" : launcher;
    }
}
