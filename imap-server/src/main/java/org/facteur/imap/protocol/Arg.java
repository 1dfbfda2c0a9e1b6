package org.facteur.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One argument of a client command as the lexer read it (RFC 3501 9, "Formal Syntax"). Command
 * parsers (FETCH items, SEARCH keys, STORE flags...) work on these, never on raw bytes.
 *
 * <p>The lexer keeps a section and a partial glued to the atom before them, spaces and
 * parentheses included, so {@code BODY.PEEK[HEADER.FIELDS (From To)]<0.100>} arrives as one
 * {@link Atom}; the FETCH parser takes it apart.
 */
public sealed interface Arg {

    /** An atom as written: a keyword, a number, a sequence set, a flag ({@code \Seen}), NIL. */
    record Atom(String text) implements Arg {
        public boolean is(String keyword) {
            return text.equalsIgnoreCase(keyword);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A quoted string or a literal, its bytes as sent (escapes of a quoted string removed). */
    record Str(byte[] bytes, boolean literal) implements Arg {
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return '"' + utf8() + '"';
        }
    }

    /**
     * A literal too large to keep on the heap (an APPEND message), spooled by the decoder to a
     * temporary file that is deleted once its command is done.
     */
    record Spooled(java.nio.file.Path file, long length) implements Arg {
        @Override
        public String toString() {
            return "{" + length + "}";
        }
    }

    /**
     * A literal8 {@code ~{n}} (RFC 3516 4.4): its data ({@link Str} or {@link Spooled}) may hold
     * NUL bytes. Only APPEND takes one; anywhere else it is not a string, so BAD.
     */
    record Literal8(Arg data) implements Arg {
        public Literal8 {
            if (!(data instanceof Str) && !(data instanceof Spooled)) {
                throw new IllegalArgumentException("literal8 data must be a literal");
            }
        }

        @Override
        public String toString() {
            return "~" + data;
        }
    }

    /** A parenthesised list. */
    record Group(List<Arg> items) implements Arg {
        public Group {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return items.toString();
        }
    }

    /** An astring (RFC 3501 9) read as text: an atom's text or a string's UTF-8 decoding. */
    static String text(Arg arg) {
        if (arg instanceof Atom atom) {
            return atom.text();
        }
        if (arg instanceof Str str) {
            return str.utf8();
        }
        throw new BadCommandException("expected a string, got " + (arg instanceof Group ? "a list"
                : arg instanceof Literal8 ? "a literal8" : "a large literal"));
    }
}
