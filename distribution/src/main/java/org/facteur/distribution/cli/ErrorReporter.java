package org.facteur.distribution.cli;

import java.io.PrintWriter;

import org.facteur.directory.DirectoryException;
import org.facteur.distribution.config.ConfigException;
import org.facteur.mailbox.StoreException;
import org.facteur.tls.TlsException;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code: the administrator's mistakes
 * without a stack trace, and unexpected errors as a short line whose details {@code --verbose}
 * logs.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int exitCode;
        if (e instanceof ConfigException) {
            // Already "file:line: key: problem".
            err.println(e.getMessage());
            exitCode = ExitCodes.USAGE;
        } else if (e instanceof TlsException) {
            err.println("facteur: " + e.getMessage());
            exitCode = ExitCodes.USAGE;
        } else if (e instanceof CommandFailure failure) {
            err.println("facteur: " + failure.getMessage());
            exitCode = failure.exitCode();
        } else if (e instanceof DirectoryException || e instanceof StoreException) {
            err.println("facteur: " + e.getMessage());
            exitCode = ExitCodes.FAILURE;
        } else {
            err.println("facteur: unexpected error: " + oneLine(e) + " (--verbose shows the details)");
            LoggerFactory.getLogger(ErrorReporter.class).debug("unexpected error", e);
            exitCode = ExitCodes.FAILURE;
        }
        err.flush();
        return exitCode;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("facteur: " + e.getMessage() + " (see: "
                + command.getCommandSpec().qualifiedName() + " --help)");
        command.getErr().flush();
        return ExitCodes.USAGE;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return (e.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
    }
}
