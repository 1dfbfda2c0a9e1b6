package org.facteur.imap.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.facteur.imap.protocol.Arg;

/**
 * Turns a command's arguments written as text into the {@link Arg}s the server's lexer hands
 * over: atoms, quoted strings (backslash escapes) and parenthesised lists. Literals are built
 * directly as {@code new Arg.Str(bytes, true)} where a test needs raw bytes.
 */
final class TestArgs {

    private final String text;
    private int next;

    private TestArgs(String text) {
        this.text = text;
    }

    static List<Arg> of(String text) {
        TestArgs args = new TestArgs(text);
        List<Arg> list = args.list();
        if (args.next < text.length()) {
            throw new IllegalArgumentException("unbalanced ')' in " + text);
        }
        return list;
    }

    private List<Arg> list() {
        List<Arg> items = new ArrayList<>();
        while (next < text.length()) {
            char c = text.charAt(next);
            if (c == ' ') {
                next++;
            } else if (c == ')') {
                return items;
            } else if (c == '(') {
                next++;
                List<Arg> group = list();
                next++; // ')'
                items.add(new Arg.Group(group));
            } else if (c == '"') {
                items.add(quoted());
            } else {
                int start = next;
                while (next < text.length() && " ()\"".indexOf(text.charAt(next)) < 0) {
                    next++;
                }
                items.add(new Arg.Atom(text.substring(start, next)));
            }
        }
        return items;
    }

    private Arg quoted() {
        StringBuilder s = new StringBuilder();
        next++;
        while (text.charAt(next) != '"') {
            if (text.charAt(next) == '\\') {
                next++;
            }
            s.append(text.charAt(next++));
        }
        next++;
        return new Arg.Str(s.toString().getBytes(StandardCharsets.UTF_8), false);
    }
}
