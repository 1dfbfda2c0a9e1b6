package org.facteur.distribution.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the text of a setting becomes a typed value; each problem is a short phrase quoting the value. */
final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    /** RFC 1035 2.3.1 labels, as RFC 1123 2.1 relaxed them (a label may start with a digit). */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String DURATION_HINT = "use a number with s, m, h or d";

    private Values() {
    }

    /** The text in double quotes, as {@link #printable} shows it. */
    static String quote(String text) {
        return "\"" + printable(text) + "\"";
    }

    /**
     * The text with control characters (CR, NUL, ESC...) and line separators escaped as in Java
     * source ({@code \r}, {@code \n}, {@code \t}, else a Unicode escape): a value from the file must
     * leave the error one readable line on the administrator's terminal, and must not drive it.
     */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static Duration duration(String text) throws InvalidValue {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new InvalidValue(quote(text) + " is not a duration (" + DURATION_HINT + ")");
        }
        long amount = Long.parseLong(m.group(1));
        if (amount == 0) {
            throw new InvalidValue(quote(text) + " must be longer than zero");
        }
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A comma-separated list of durations, at least one: an outbound retry schedule. */
    static List<Duration> durations(String text) throws InvalidValue {
        if (text.isEmpty()) {
            throw new InvalidValue("needs at least one duration, e.g. 1m,5m,15m,1h,4h");
        }
        List<Duration> schedule = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            schedule.add(duration(part.trim()));
        }
        return List.copyOf(schedule);
    }

    static long positiveBytes(String text) throws InvalidValue {
        long bytes = bytes(text);
        if (bytes == 0) {
            throw new InvalidValue("must be more than 0 bytes");
        }
        return bytes;
    }

    /** A number of bytes, 0 included. */
    static long bytes(String text) throws InvalidValue {
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidValue(quote(text) + " is not a number of bytes (digits only, e.g. 26214400)");
        }
        return Long.parseLong(text);
    }

    /** A whole number from {@code min} to {@code max}. */
    static int count(String text, int min, int max) throws InvalidValue {
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidValue(quote(text) + " is not a whole number (digits only)");
        }
        long n = Long.parseLong(text);
        if (n < min || n > max) {
            throw new InvalidValue("must be from " + min + " to " + max);
        }
        return (int) n;
    }

    static int port(String text) throws InvalidValue {
        if (!DIGITS.matcher(text).matches() || Long.parseLong(text) < 1 || Long.parseLong(text) > 65535) {
            throw new InvalidValue(quote(text) + " is not a port number (1-65535)");
        }
        return Integer.parseInt(text);
    }

    static boolean bool(String text) throws InvalidValue {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValue(quote(text) + " is not true or false");
        };
    }

    /** A host name for HELO/EHLO and certificates: letters, digits, hyphens and dots (RFC 1123). */
    static String hostname(String text) throws InvalidValue {
        String name = text.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.length() > 253 || name.endsWith(".")) {
            throw new InvalidValue(quote(text) + " is not a host name (e.g. mail.example.com)");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidValue(quote(text) + " is not a host name (e.g. mail.example.com)");
            }
        }
        return name;
    }

    /** A file or directory; relative paths are taken from {@code base}, the configuration file's directory. */
    static Path path(String text, Path base) throws InvalidValue {
        if (text.isEmpty()) {
            throw new InvalidValue("needs a path");
        }
        try {
            return base.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValue(quote(text) + " is not a valid path");
        }
    }

    static Path readableFile(String text, Path base) throws InvalidValue {
        Path file = path(text, base);
        if (!Files.exists(file)) {
            throw new InvalidValue(quote(file.toString()) + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidValue(quote(file.toString()) + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidValue(quote(file.toString()) + " cannot be read (permission denied)");
        }
        return file;
    }

    /** A listener: {@code off}, {@code host:port}, {@code [v6]:port} or {@code *:port} (every address). */
    static Optional<InetSocketAddress> listenAddress(String text) throws InvalidValue {
        if (text.equals("off")) {
            return Optional.empty();
        }
        HostPort hp = HostPort.parse(text, null,
                "is not an address to listen on (host:port, [ipv6]:port, *:port or off)");
        if (hp.host().equals("*")) {
            return Optional.of(new InetSocketAddress(hp.port()));
        }
        return Optional.of(new InetSocketAddress(resolve(hp.host(), text), hp.port()));
    }

    /** Resolvers for {@code dns.servers}: a comma list of host[:port], port 53 by default; empty for the system's. */
    static List<InetSocketAddress> dnsServers(String text) throws InvalidValue {
        List<InetSocketAddress> servers = new ArrayList<>();
        if (text.isEmpty()) {
            return List.of();
        }
        for (String part : text.split(",", -1)) {
            String item = part.trim();
            HostPort hp = HostPort.parse(item, 53, "is not a DNS server (host, host:port or [ipv6]:port)");
            servers.add(new InetSocketAddress(resolve(hp.host(), item), hp.port()));
        }
        return List.copyOf(servers);
    }

    /** {@code relay.smarthost}: empty, or {@code [user:password@]host:port}. Resolved when mail is sent. */
    static Optional<Smarthost> smarthost(String text) throws InvalidValue {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        // The last "@" separates: user names are often addresses and passwords may contain "@".
        int at = text.lastIndexOf('@');
        Optional<Smarthost.Credentials> credentials = Optional.empty();
        if (at >= 0) {
            String userPassword = text.substring(0, at);
            int colon = userPassword.indexOf(':');
            if (colon <= 0 || colon == userPassword.length() - 1) {
                throw new InvalidValue("credentials must be user:password@host:port");
            }
            credentials = Optional.of(new Smarthost.Credentials(
                    userPassword.substring(0, colon), userPassword.substring(colon + 1)));
        }
        String address = text.substring(at + 1);
        HostPort hp = HostPort.parse(address, null, "is not host:port (e.g. smtp.example.com:587)");
        if (!hp.host().contains(":")) {
            hostname(hp.host());
        }
        return Optional.of(new Smarthost(hp.host(), hp.port(), credentials));
    }

    private static InetAddress resolve(String host, String text) throws InvalidValue {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidValue(quote(text) + ": cannot resolve " + printable(host));
        }
    }

    /** {@code host:port} or {@code [v6]:port}; a bare IPv6 address when a default port is allowed. */
    record HostPort(String host, int port) {

        static HostPort parse(String text, Integer defaultPort, String problem) throws InvalidValue {
            InvalidValue invalid = new InvalidValue(quote(text) + " " + problem);
            String host;
            String port;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw invalid;
                }
                host = text.substring(1, close);
                String rest = text.substring(close + 1);
                if (rest.isEmpty() && defaultPort != null) {
                    return new HostPort(ipv6(host, invalid), defaultPort);
                }
                if (!rest.startsWith(":")) {
                    throw invalid;
                }
                return new HostPort(ipv6(host, invalid), Values.port(rest.substring(1)));
            }
            int colon = text.indexOf(':');
            if (colon != text.lastIndexOf(':') && defaultPort != null) {
                return new HostPort(ipv6(text, invalid), defaultPort);
            }
            if (colon < 0) {
                if (defaultPort == null || text.isEmpty()) {
                    throw invalid;
                }
                host = text;
                port = null;
            } else {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
            if (host.isEmpty() || host.contains(":")) {
                throw invalid;
            }
            return new HostPort(host, port == null ? defaultPort : Values.port(port));
        }

        private static String ipv6(String host, InvalidValue invalid) throws InvalidValue {
            if (!host.matches("[0-9A-Fa-f:.]+(%\\w+)?") || !host.contains(":")) {
                throw invalid;
            }
            return host;
        }
    }
}
