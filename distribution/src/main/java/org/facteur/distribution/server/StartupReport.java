package org.facteur.distribution.server;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.Endpoint;

/**
 * The lines {@code facteur serve} prints once started: one per listener, what this build lacks,
 * where the data is and how to add a user.
 */
public final class StartupReport {

    private StartupReport() {
    }

    /**
     * @param launcher how the administrator runs facteur here ({@code ./facteur}, {@code bin/facteur})
     * @param options the options that reach the same data ({@code --data /srv/mail}), for the hints
     */
    public static void print(PrintWriter out, FacteurServer server, String launcher, List<String> options) {
        ServerContext context = server.context();
        Config config = context.config();
        out.println("facteur " + Version.current() + " serving " + config.hostname()
                + ", data in " + config.dataDirectory());
        out.println("tls: " + context.tls());
        for (Service service : server.services()) {
            out.println("listening: " + service.description());
        }
        List<Endpoint> missing = server.notInThisBuild();
        if (!missing.isEmpty()) {
            out.println("not in this build yet (they come with later versions): " + missing.stream()
                    .map(e -> e.label() + " " + address(config.listen(e).orElseThrow()))
                    .collect(Collectors.joining(", ")));
        }
        List<String> domains = context.directory().listDomains();
        int users = context.directory().listUsers().size();
        out.println("domains: " + String.join(", ", domains) + "; " + users + (users == 1 ? " user" : " users"));
        if (domains.isEmpty()) {
            out.println("add a domain: " + command(launcher, "domain add", options, "example.com"));
        } else {
            out.println("add a user: " + command(launcher, "user add", options, "alice@" + domains.get(0)));
        }
        out.println("running; stop with Ctrl-C or SIGTERM");
        out.flush();
    }

    private static String command(String launcher, String command, List<String> options, String argument) {
        List<String> words = new ArrayList<>(List.of(launcher, command));
        words.addAll(options);
        words.add(argument);
        return String.join(" ", words);
    }

    static String address(InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "*" : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
