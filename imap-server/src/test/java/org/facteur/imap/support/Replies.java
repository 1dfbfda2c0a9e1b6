package org.facteur.imap.support;

import java.io.IOException;
import java.util.List;

/** A command's responses without the tags, so that a test reads as the exchange it checks. */
public final class Replies {

    private Replies() {
    }

    /** The untagged responses of a command that must succeed. */
    public static List<String> untagged(ImapClient client, String command) throws IOException {
        List<String> lines = client.ok(command);
        return lines.subList(0, lines.size() - 1);
    }

    /** The tagged response without its tag: {@code OK ...}, {@code NO [CODE] ...}, {@code BAD ...}. */
    public static String tagged(ImapClient client, String command) throws IOException {
        String line = client.status(command);
        return line.substring(line.indexOf(' ') + 1);
    }

    /** As {@link #untagged}, under a tag of the test's choosing (an ESEARCH answer repeats it). */
    public static List<String> untagged(ImapClient client, String tag, String command) throws IOException {
        client.send(tag + " " + command);
        List<String> lines = client.readUntilTagged(tag);
        if (!lines.get(lines.size() - 1).startsWith(tag + " OK")) {
            throw new AssertionError(command + " -> " + lines);
        }
        return lines.subList(0, lines.size() - 1);
    }
}
