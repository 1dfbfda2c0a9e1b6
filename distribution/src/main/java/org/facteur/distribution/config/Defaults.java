package org.facteur.distribution.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What the defaults depend on: whether this process may bind ports below 1024, and the machine's
 * name. Looked up lazily: an admin command that never needs the host name does not resolve it.
 */
public record Defaults(boolean mayBindPrivilegedPorts, Supplier<String> hostname) {

    /** Bit of CAP_NET_BIND_SERVICE in /proc/self/status's CapEff (linux/capability.h). */
    private static final int CAP_NET_BIND_SERVICE = 10;

    public static Defaults ofThisMachine() {
        return new Defaults(mayBindPrivilegedPortsHere(), Defaults::machineName);
    }

    /** Root, or an unprivileged user given CAP_NET_BIND_SERVICE (as the systemd unit does). */
    static boolean mayBindPrivilegedPortsHere() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                    return (effective & (1L << CAP_NET_BIND_SERVICE)) != 0;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Fall through to the user name.
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** The machine's name if it is a valid host name, else {@code localhost}. */
    static String machineName() {
        try {
            return Values.hostname(InetAddress.getLocalHost().getHostName());
        } catch (IOException | InvalidValue e) {
            return "localhost";
        }
    }
}
