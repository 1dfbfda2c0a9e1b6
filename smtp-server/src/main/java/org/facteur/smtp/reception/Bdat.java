package org.facteur.smtp.reception;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code BDAT <size> [LAST]} (RFC 3030 2). The framer and the command handler use this
 * one parser, so they always agree on how many octets follow the command line.
 */
record Bdat(long size, boolean last) {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,18})(?: +(LAST))? *");

    /** The argument of a BDAT command, or empty if it is malformed (then no octets are taken). */
    static Optional<Bdat> parse(String argument) {
        if (argument == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(argument.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Bdat(Long.parseLong(m.group(1)), m.group(2) != null));
    }

    /** A whole command line (as the framer sees it), or empty if it is not a well-formed BDAT. */
    static Optional<Bdat> parseLine(String line) {
        String l = line.strip();
        if (l.length() < 5 || !l.regionMatches(true, 0, "BDAT ", 0, 5)) {
            return Optional.empty();
        }
        return parse(l.substring(5).strip());
    }
}
