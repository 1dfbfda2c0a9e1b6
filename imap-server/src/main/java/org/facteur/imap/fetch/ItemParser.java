package org.facteur.imap.fetch;

import java.util.List;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;

/** Reads the item list of a FETCH command (RFC 3501 6.4.5; grammar in RFC 3501 9, "fetch" and "fetch-att"). */
final class ItemParser {

    private static final String BODY_PEEK = "BODY.PEEK";

    private ItemParser() {
    }

    /** RFC 3501 9: "ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")". */
    static List<FetchItem> parse(List<Arg> args) {
        if (args.size() != 1) {
            throw new BadCommandException(args.isEmpty()
                    ? "FETCH needs data items"
                    : "FETCH takes one data item or a parenthesised list of them");
        }
        Arg arg = args.get(0);
        if (arg instanceof Arg.Group group) {
            if (group.items().isEmpty()) {
                throw new BadCommandException("empty FETCH item list");
            }
            return group.items().stream().map(ItemParser::item).toList();
        }
        List<FetchItem> macro = macro(Arg.text(arg));
        return macro != null ? macro : List.of(item(arg));
    }

    /** RFC 3501 6.4.5: the macros stand alone, never inside a list. */
    private static List<FetchItem> macro(String name) {
        if (name.equalsIgnoreCase("ALL")) {
            return List.of(MessageAttribute.FLAGS, MessageAttribute.INTERNALDATE, MessageAttribute.RFC822_SIZE,
                    MessageAttribute.ENVELOPE);
        }
        if (name.equalsIgnoreCase("FAST")) {
            return List.of(MessageAttribute.FLAGS, MessageAttribute.INTERNALDATE, MessageAttribute.RFC822_SIZE);
        }
        if (name.equalsIgnoreCase("FULL")) {
            return List.of(MessageAttribute.FLAGS, MessageAttribute.INTERNALDATE, MessageAttribute.RFC822_SIZE,
                    MessageAttribute.ENVELOPE, MessageAttribute.BODY);
        }
        return null;
    }

    private static FetchItem item(Arg arg) {
        if (!(arg instanceof Arg.Atom atom)) {
            throw new BadCommandException("invalid FETCH item: " + arg);
        }
        String text = atom.text();
        int bracket = text.indexOf('[');
        if (bracket >= 0) {
            String name = text.substring(0, bracket);
            if (name.equalsIgnoreCase("BODY") || name.equalsIgnoreCase(BODY_PEEK)) {
                return SectionParser.parse(text, text.substring(bracket), name.equalsIgnoreCase(BODY_PEEK));
            }
            if (name.equalsIgnoreCase("BINARY") || name.equalsIgnoreCase("BINARY.PEEK")
                    || name.equalsIgnoreCase("BINARY.SIZE")) {
                return SectionParser.parseBinary(text, text.substring(bracket), name.toUpperCase(java.util.Locale.ROOT));
            }
            throw unknown(text);
        }
        for (MessageAttribute attribute : MessageAttribute.values()) {
            if (attribute.itemName().equalsIgnoreCase(text)) {
                return attribute;
            }
        }
        for (SectionItem rfc822 : List.of(SectionItem.RFC822, SectionItem.RFC822_HEADER, SectionItem.RFC822_TEXT)) {
            if (rfc822.name().equalsIgnoreCase(text)) {
                return rfc822;
            }
        }
        throw unknown(text);
    }

    private static BadCommandException unknown(String item) {
        return new BadCommandException("unknown FETCH item: " + item);
    }
}
