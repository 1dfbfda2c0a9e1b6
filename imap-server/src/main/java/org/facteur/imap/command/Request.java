package org.facteur.imap.command;

import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;

/**
 * One command as a handler sees it: {@code uid} when it came as {@code UID <name>} (RFC 3501
 * 6.4.8), {@code args} after the name (and after the subcommand of UID).
 */
public record Request(String tag, String name, List<Arg> args, boolean uid) {

    public Arg arg(int i) {
        if (i >= args.size()) {
            throw new BadCommandException(name + ": missing argument");
        }
        return args.get(i);
    }

    public String text(int i) {
        return Arg.text(arg(i));
    }

    /** Asserts the argument count (RFC 3501 9 grammar: extra arguments are BAD). */
    public Request expect(int min, int max) {
        if (args.size() < min) {
            throw new BadCommandException(name + ": missing argument");
        }
        if (args.size() > max) {
            throw new BadCommandException(name + ": too many arguments");
        }
        return this;
    }
}
