package org.facteur.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one complete command (its text lines and the literals between them) into a tag, a name
 * and {@link Arg}s (RFC 3501 9). Line {@code i} of a command with literals ends with the literal
 * announcement whose data is {@code literals.get(i)}.
 */
final class CommandTokenizer {

    /** Nesting deeper than this is no client's need and would only cost stack. */
    private static final int MAX_DEPTH = 32;

    private final List<byte[]> lines;
    private final List<Arg> literals;
    private int line;
    private int pos;
    private String tag = "*";

    CommandTokenizer(List<byte[]> lines, List<Arg> literals) {
        this.lines = lines;
        this.literals = literals;
    }

    /** The tag read so far, "*" if none: what a BAD must carry when parsing fails. */
    String tag() {
        return tag;
    }

    /** Reads the tag alone, for replies to input rejected before it is parsed. */
    static String tagOf(byte[] firstLine) {
        int end = 0;
        while (end < firstLine.length && isTagChar(firstLine[end])) {
            end++;
        }
        return end == 0 || end > 64 ? "*" : new String(firstLine, 0, end, StandardCharsets.US_ASCII);
    }

    ClientInput.Command parse() {
        String t = atom();
        if (t.isEmpty() || !t.chars().allMatch(c -> c < 0x80 && isTagChar((byte) c))) {
            throw new BadCommandException("missing or bad tag");
        }
        tag = t;
        if (!space()) {
            throw new BadCommandException("missing command name");
        }
        String name = atom();
        if (name.isEmpty()) {
            throw new BadCommandException("missing command name");
        }
        List<Arg> args = new ArrayList<>();
        while (!atEnd()) {
            if (!space()) {
                throw new BadCommandException("expected a space between arguments");
            }
            args.add(arg(0));
        }
        return new ClientInput.Command(tag, name.toUpperCase(Locale.ROOT), args);
    }

    private Arg arg(int depth) {
        if (atEnd()) {
            throw new BadCommandException("missing argument");
        }
        int c = peek();
        if (c == '(') {
            if (depth >= MAX_DEPTH) {
                throw new BadCommandException("lists nested too deep");
            }
            pos++;
            List<Arg> items = new ArrayList<>();
            while (true) {
                if (atEnd()) {
                    throw new BadCommandException("unclosed list");
                }
                if (peek() == ')') {
                    pos++;
                    return new Arg.Group(items);
                }
                if (!items.isEmpty() && !space()) {
                    throw new BadCommandException("expected a space in a list");
                }
                items.add(arg(depth + 1));
            }
        }
        if (c == '"') {
            return quoted();
        }
        if (c == '{' || (c == '~' && pos + 1 < current().length && current()[pos + 1] == '{')) {
            return literal();
        }
        String atom = atom();
        if (atom.isEmpty()) {
            throw new BadCommandException("unexpected character '" + (char) c + "'");
        }
        return new Arg.Atom(atom);
    }

    /** RFC 3501 9: quoted = DQUOTE *QUOTED-CHAR DQUOTE, with \" and \\ the only escapes. */
    private Arg quoted() {
        byte[] text = current();
        pos++;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (pos < text.length) {
            byte b = text[pos++];
            if (b == '"') {
                return new Arg.Str(out.toByteArray(), false);
            }
            if (b == '\\') {
                if (pos >= text.length || (text[pos] != '"' && text[pos] != '\\')) {
                    throw new BadCommandException("bad escape in a quoted string");
                }
                b = text[pos++];
            }
            out.write(b);
        }
        throw new BadCommandException("unterminated quoted string");
    }

    /** A literal's announcement ends its line; its data is the literal of that line. */
    private Arg literal() {
        byte[] text = current();
        if (!LiteralAnnouncement.endsWith(text) || LiteralAnnouncement.start(text) != pos) {
            throw new BadCommandException("a literal must end its line");
        }
        if (line >= literals.size()) {
            throw new BadCommandException("literal without data");
        }
        Arg data = literals.get(line);
        boolean literal8 = text[pos] == '~';
        line++;
        pos = 0;
        return literal8 ? new Arg.Literal8(data) : data;
    }

    /**
     * An atom, keeping a section {@code [...]} and a partial {@code <...>} glued to it with their
     * spaces and parentheses, so that FETCH items arrive whole (see the module README).
     */
    private String atom() {
        byte[] text = current();
        int start = pos;
        while (pos < text.length) {
            byte b = text[pos];
            if (b == '[') {
                int close = indexOf(text, (byte) ']', pos);
                if (close < 0) {
                    pos++;
                    continue;
                }
                pos = close + 1;
            } else if (isAtomChar(b) || b == ']') {
                pos++;
            } else {
                break;
            }
        }
        return new String(text, start, pos - start, StandardCharsets.UTF_8);
    }

    /** RFC 3501 9 ATOM-CHAR, with list-wildcards and resp-specials allowed as LIST patterns and flags need. */
    private static boolean isAtomChar(byte b) {
        return b > 0x20 && b != 0x7f && b != '(' && b != ')' && b != '{' && b != '"';
    }

    /**
     * RFC 3501 9: tag = 1*(ASTRING-CHAR except "+"). A "*" or "+" in a tag would make our reply
     * look untagged or a continuation; "[" is refused too because {@link #atom()} glues sections.
     */
    private static boolean isTagChar(byte b) {
        return isAtomChar(b) && b != '+' && b != '*' && b != '%' && b != '\\' && b != '[';
    }

    private static int indexOf(byte[] text, byte wanted, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private boolean space() {
        if (!atEnd() && peek() == ' ') {
            pos++;
            return true;
        }
        return false;
    }

    private byte[] current() {
        return lines.get(line);
    }

    private int peek() {
        return current()[pos];
    }

    private boolean atEnd() {
        return pos >= current().length;
    }
}
