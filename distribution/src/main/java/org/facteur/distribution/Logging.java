package org.facteur.distribution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Appender;

/**
 * Adjusts logback.xml's set-up to the command: the server logs its events to stdout; an admin
 * command keeps stdout for its output and shows only warnings, on stderr. {@code --verbose}
 * shows facteur's debug events (and the stack trace of an unexpected error).
 */
public final class Logging {

    private Logging() {
    }

    public static void configure(boolean server, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (!server) {
            root.setLevel(Level.WARN);
            context.getLogger("org.facteur").setLevel(verbose ? Level.DEBUG : Level.WARN);
            Appender<?> console = root.getAppender("CONSOLE");
            if (console instanceof ConsoleAppender<?> appender) {
                appender.stop();
                appender.setTarget("System.err");
                appender.start();
            }
        } else if (verbose) {
            context.getLogger("org.facteur").setLevel(Level.DEBUG);
        }
    }
}
