package org.facteur.imap.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.SystemFlag;

/** Flags as STORE and APPEND take them (RFC 3501 9: flag-list, flag). */
final class FlagList {

    private FlagList() {
    }

    /**
     * Reads flags from atoms or one parenthesised list. {@code \Recent} is the server's to set
     * (RFC 3501 2.3.2) and is ignored; other unknown system flags are BAD.
     */
    static Flags parse(List<Arg> args) {
        List<Arg> items = args.size() == 1 && args.get(0) instanceof Arg.Group group ? group.items() : args;
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Arg item : items) {
            if (!(item instanceof Arg.Atom atom)) {
                throw new BadCommandException("a flag must be an atom");
            }
            String text = atom.text();
            if (text.startsWith("\\")) {
                SystemFlag flag = SystemFlag.fromImapName(text);
                if (flag != null) {
                    system.add(flag);
                } else if (!text.equalsIgnoreCase("\\Recent")) {
                    throw new BadCommandException("unknown system flag " + text);
                }
            } else if (text.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0)) {
                keywords.add(text);
            } else {
                throw new BadCommandException("bad keyword " + text);
            }
        }
        return Flags.of(system, keywords);
    }
}
