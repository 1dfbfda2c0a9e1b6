package org.facteur.smtp.relay;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server reply (RFC 5321 4.2): its code, its enhanced status code (RFC 3463) when the server
 * gave one, and its text lines joined by spaces.
 */
public record Reply(int code, String enhanced, String text) {

    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s|$)");

    static Reply parse(List<String> lines) {
        int code = Integer.parseInt(lines.get(0).substring(0, 3));
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(line.length() > 4 ? line.substring(4) : "");
        }
        String t = text.toString();
        Matcher m = ENHANCED.matcher(t);
        return new Reply(code, m.find() ? m.group(1) : "", t);
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    /** RFC 5321 4.2.1: 5yz is a permanent failure; anything else that is not positive is temporary. */
    public boolean permanent() {
        return code >= 500 && code < 600;
    }

    /** The status for a DSN: the server's enhanced code, else one derived from the reply class. */
    public String status() {
        if (!enhanced.isEmpty() && enhanced.charAt(0) == Character.forDigit(code / 100, 10)) {
            return enhanced;
        }
        return permanent() ? "5.0.0" : positive() ? "2.0.0" : "4.0.0";
    }

    /** As an RFC 3464 Diagnostic-Code: {@code smtp; 550 5.1.1 No such user}. */
    public String diagnostic() {
        return "smtp; " + this;
    }

    @Override
    public String toString() {
        return code + " " + text;
    }
}
