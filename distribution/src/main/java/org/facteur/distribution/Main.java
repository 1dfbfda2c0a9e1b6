package org.facteur.distribution;

import java.util.concurrent.Callable;

import org.facteur.distribution.cli.Commands;
import org.facteur.distribution.cli.ErrorReporter;
import org.facteur.distribution.cli.ExitCodes;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code facteur}: the mail server and its admin commands (INTERFACE.md). */
@Command(name = "facteur", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A mail server in one program: SMTP, IMAP and POP3 over a Maildir store.",
        footer = {"", "Exit codes: 0 done, 1 failed, 2 bad command line or configuration,"
                + " 69 not available in this build yet."})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        Commands.addTo(commandLine);
        ErrorReporter errors = new ErrorReporter();
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        return commandLine;
    }

    /** Without a command: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"facteur " + org.facteur.distribution.server.Version.current()};
        }
    }
}
