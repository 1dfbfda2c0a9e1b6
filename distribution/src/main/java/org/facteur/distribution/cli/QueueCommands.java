package org.facteur.distribution.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.facteur.distribution.Logging;
import org.facteur.smtp.queue.Envelope;
import org.facteur.smtp.queue.QueueAdmin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facteur queue}: works on {@code <data>/queue/} directly, so it acts on the live queue of
 * a server running on the same data directory (which sees a flush within 100 ms) as well as on a
 * stopped one's.
 */
@Command(name = "queue", description = "Inspect and act on the outbound queue (like mailq and postqueue -f).",
        mixinStandardHelpOptions = true)
final class QueueCommands {

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Per message: id, sender, pending recipients, size, age, next attempt, last error.")
    void list(@Mixin CommonOptions options) {
        QueueAdmin queue = open(options);
        List<QueueAdmin.Entry> entries = queue.list();
        if (entries.isEmpty()) {
            out().println("The queue is empty.");
            return;
        }
        Instant now = Instant.now();
        for (QueueAdmin.Entry e : entries) {
            out().println(e.id() + "  " + e.size() + " bytes  age " + human(Duration.between(e.received(), now))
                    + "  from <" + e.sender() + ">");
            for (QueueAdmin.Pending p : e.pending()) {
                out().println("    " + p.target() + "  " + state(p, now) + p.attempt()
                        .filter(a -> !a.diagnostic().isEmpty())
                        .map(a -> "  last error: " + a.diagnostic() + (a.remoteMta().isEmpty() ? "" : " (" + a.remoteMta() + ")"))
                        .orElse(""));
            }
        }
        out().println(entries.size() + (entries.size() == 1 ? " message" : " messages") + " queued.");
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Retry every queued message now.")
    void flush(@Mixin CommonOptions options) {
        open(options).flush();
        out().println("Flush requested: a running server retries every queued message within 1 s"
                + " (a stopped one when it starts).");
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a queued message without bouncing it.")
    void remove(@Parameters(paramLabel = "ID") String id, @Mixin CommonOptions options) {
        if (!open(options).remove(id)) {
            throw new CommandFailure("There is no message " + id + " in the queue.");
        }
        out().println("removed " + id);
    }

    private static QueueAdmin open(CommonOptions options) {
        Logging.configure(false, options.verbose);
        return new QueueAdmin(options.load().dataDirectory());
    }

    private static String state(QueueAdmin.Pending p, Instant now) {
        int attempts = p.attempt().map(Envelope.Attempt::count).orElse(0);
        String tried = attempts == 0 ? "" : ", " + attempts + (attempts == 1 ? " attempt" : " attempts");
        switch (p.kind()) {
            case LOCAL:
                return "local, next attempt now" + tried;
            case FAILED:
                return "failed, bounce pending" + tried;
            default:
                Instant next = p.attempt().map(Envelope.Attempt::next).orElse(Instant.EPOCH);
                return "remote, next attempt " + (next.isAfter(now)
                        ? next.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (in " + human(Duration.between(now, next)) + ")"
                        : "now") + tried;
        }
    }

    /** 45s, 12m, 3h05m, 2d04h. */
    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
