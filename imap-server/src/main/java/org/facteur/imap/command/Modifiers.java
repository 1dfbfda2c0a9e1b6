package org.facteur.imap.command;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;

/**
 * The modifier list of FETCH and STORE (RFC 4466 2.4, 2.5): {@code (NAME value NAME ...)}. Each
 * command says which names take a number and which stand alone; anything else is BAD.
 */
final class Modifiers {

    private final Map<String, Long> values;

    private Modifiers(Map<String, Long> values) {
        this.values = values;
    }

    static final Modifiers NONE = new Modifiers(Map.of());

    /**
     * @param numbered names followed by a number (RFC 7162 mod-sequence-value: up to 63 bits)
     * @param alone    names without a value
     */
    static Modifiers parse(String command, Arg arg, Set<String> numbered, Set<String> alone) {
        if (!(arg instanceof Arg.Group group) || group.items().isEmpty()) {
            throw new BadCommandException(command + ": expected a parenthesised list of modifiers");
        }
        Map<String, Long> values = new HashMap<>();
        List<Arg> items = group.items();
        for (int i = 0; i < items.size(); i++) {
            String name = items.get(i) instanceof Arg.Atom atom ? atom.text().toUpperCase(Locale.ROOT) : "";
            Long value;
            if (numbered.contains(name)) {
                if (i + 1 >= items.size()) {
                    throw new BadCommandException(command + ": " + name + " needs a value");
                }
                value = number(command, name, items.get(++i));
            } else if (alone.contains(name)) {
                value = 0L;
            } else {
                throw new BadCommandException(command + ": unknown modifier " + items.get(i));
            }
            if (values.put(name, value) != null) {
                throw new BadCommandException(command + ": " + name + " given twice");
            }
        }
        return new Modifiers(values);
    }

    /** RFC 7162 7: mod-sequence-value = 1*DIGIT, at most 2^63 - 1. */
    private static long number(String command, String name, Arg arg) {
        String text = arg instanceof Arg.Atom atom ? atom.text() : "";
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadCommandException(command + ": " + name + " needs a number, got " + arg);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadCommandException(command + ": " + name + " is above 2^63-1: " + text);
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    long value(String name) {
        return values.get(name);
    }
}
