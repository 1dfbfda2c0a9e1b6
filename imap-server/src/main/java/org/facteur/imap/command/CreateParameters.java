package org.facteur.imap.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.mailbox.SpecialUse;

/**
 * CREATE's parameter list (RFC 4466 2.2: {@code create-param *(SP create-param)}). USE (RFC 6154
 * 3) is the only parameter known; any other is BAD, as RFC 4466 2.2 asks for an unknown one.
 */
final class CreateParameters {

    /** A USE list the store cannot keep: the command gets {@code NO [USEATTR]}. */
    static final class UnsupportedUse extends Exception {
        UnsupportedUse(String message) {
            super(message);
        }
    }

    /**
     * Uses that name a view of other mailboxes' messages (RFC 6154 2): a folder made here holds
     * only what is put in it, so it cannot be one.
     */
    private static final Set<SpecialUse> VIRTUAL = EnumSet.of(SpecialUse.ALL, SpecialUse.FLAGGED);

    private CreateParameters() {
    }

    /** The special use asked for in {@code (USE (\Sent))}, or none for {@code (USE ())}. */
    static Optional<SpecialUse> specialUse(Arg parameters) throws UnsupportedUse {
        if (!(parameters instanceof Arg.Group group) || group.items().isEmpty()) {
            throw new BadCommandException("CREATE parameters must be a non-empty parenthesised list");
        }
        Optional<SpecialUse> use = Optional.empty();
        List<Arg> items = group.items();
        for (int i = 0; i < items.size(); i++) {
            String name = items.get(i) instanceof Arg.Atom atom ? atom.text().toUpperCase(Locale.ROOT) : "";
            if (!name.equals("USE")) {
                throw new BadCommandException("unknown CREATE parameter " + items.get(i));
            }
            if (i + 1 >= items.size() || !(items.get(i + 1) instanceof Arg.Group uses)) {
                throw new BadCommandException("USE needs a parenthesised list of special-use attributes");
            }
            i++;
            for (Arg attribute : uses.items()) {
                String text = attribute instanceof Arg.Atom atom ? atom.text() : "";
                if (!text.startsWith("\\")) {
                    throw new BadCommandException("not a special-use attribute: " + attribute); // RFC 6154 6: use-attr
                }
                SpecialUse known = SpecialUse.fromAttribute(text);
                if (known == null || VIRTUAL.contains(known)) {
                    throw new UnsupportedUse("special use " + text + " is not supported");
                }
                if (use.isPresent() && use.get() != known) {
                    throw new UnsupportedUse("a mailbox has one special use here, not "
                            + use.get().attribute() + " and " + known.attribute());
                }
                use = Optional.of(known);
            }
        }
        return use;
    }
}
